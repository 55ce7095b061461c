//! A user folder: its files decoded into one pool, then split into a Dataset with a summary.
