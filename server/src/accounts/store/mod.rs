//! The accounts feature's tables, one store each: only these modules hold SQL for them.

pub mod categories;
pub mod orgs;
pub mod teams;
pub mod technicians;
