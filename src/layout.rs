//! Which file of a dropped folder is which: class and split, from the paths alone.
