//! tongban driven over HTTP against a real server, on SQLite and on PostgreSQL.

mod support;

mod admin;
mod audit;
mod auth;
mod browser;
mod calendar;
mod callbacks;
mod health;
mod hotline_assistant;
mod hotline_calls;
mod hotline_case_excel;
mod hotline_cases;
mod hotline_knowledge;
mod hotline_pages;
mod hotline_support;
mod intel_pages;
mod lifecycle;
mod lists;
mod outbox;
mod pages;
mod permissions;
mod policy_versions;
mod portal;
mod portal_chat;
mod process;
mod registration;
mod scope;
mod screening;
mod search;
mod supervision;
mod supervision_instances;
mod supervision_month;
mod supervision_pages;
mod topics;
mod triage;
