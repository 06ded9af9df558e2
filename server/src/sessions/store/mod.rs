//! The sessions feature's tables, one store each: only these modules hold SQL for them.

pub mod audit;
pub mod chat;
pub mod participants;
pub mod sessions;
