//! tongban web
