"""Documents made from an evaluation, for people to read and file."""
