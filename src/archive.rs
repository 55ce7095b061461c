//! Reading a .zip of an image folder, entry by entry.
