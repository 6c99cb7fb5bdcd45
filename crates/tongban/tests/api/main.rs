//! tongban driven over HTTP against a real server, on SQLite and on PostgreSQL.

mod support;

mod audit;
mod auth;
mod health;
mod lifecycle;
mod lists;
mod permissions;
mod process;
mod registration;
mod scope;
