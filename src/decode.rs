//! Bytes of one image file -> a resized u8 image, or the reason it cannot be used.
