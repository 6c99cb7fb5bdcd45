//! 三级督办 use cases: the deadline sweep and its background task, reading supervisions,
//! and what people do with them.

mod actions;
mod open;
mod repeat;
mod sweep;
mod task;

pub use actions::{SupervisionDetail, conclude, get, list, order_numbers, raise, respond, urge};
pub(crate) use repeat::on_repeat;
pub use sweep::{SweepReport, sweep};
pub(crate) use task::spawn;
