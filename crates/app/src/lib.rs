//! tongban app
