//! tongban's domain: the rules of a court's citizen-appeal service (群众诉求服务),
//! free of HTTP and SQL. Everything here is pure and testable without a database.

pub mod actor;
pub mod audit;
pub mod codes;
pub mod error;
pub mod hotline;
pub mod ids;
pub mod order;
pub mod org;
pub mod supervision;
pub mod time;
pub mod values;

pub use actor::{Actor, Scope};
pub use error::{DomainError, ErrorKind};
pub use ids::{CourtId, DepartmentId, OrderId, UserId};
