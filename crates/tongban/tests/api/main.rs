//! tongban driven over HTTP against a real server, on SQLite and on PostgreSQL.

mod support;

mod admin;
mod audit;
mod auth;
mod callbacks;
mod health;
mod intel_pages;
mod lifecycle;
mod lists;
mod pages;
mod permissions;
mod portal;
mod process;
mod registration;
mod scope;
mod screening;
mod search;
mod topics;
mod triage;
