//! tongban store
