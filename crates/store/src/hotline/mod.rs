//! 12368 热线 storage: calls, callback tasks, the case directory, the knowledge base, the
//! virtual agent's sessions, and the daily figures.

pub mod assistant;
pub mod callbacks;
pub mod calls;
pub mod cases;
pub mod knowledge;
pub mod stats;
