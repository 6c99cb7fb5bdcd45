//! tongban driven over HTTP against a real server, on SQLite and on PostgreSQL.

mod support;

mod admin;
mod audit;
mod auth;
mod calendar;
mod callbacks;
mod health;
mod lifecycle;
mod lists;
mod outbox;
mod pages;
mod permissions;
mod policy_versions;
mod portal;
mod process;
mod registration;
mod scope;
mod screening;
mod supervision;
mod supervision_instances;
mod supervision_month;
mod supervision_pages;
