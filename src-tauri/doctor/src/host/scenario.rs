//! A fake machine in a directory.
