//! Passwords, hashed with Argon2id and a random salt.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Hashes a password with Argon2id and a random salt.
pub fn hash_password(password: &str) -> String {
    let salt: [u8; 16] = rand::random();
    Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .expect("argon2 accepts any password with a 16-byte salt")
        .to_string()
}

/// Whether `password` matches `hash`; an unknown user is checked against a real hash too, so
/// that the time taken does not reveal which usernames exist.
pub(super) fn verify(password: &str, hash: Option<&str>) -> bool {
    let hash = hash.unwrap_or(DUMMY_HASH.as_str());
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
        && hash != DUMMY_HASH.as_str()
}

static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_password("no such user"));
