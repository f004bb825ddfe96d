//! What every service call needs besides its caller: the database and the clock.

use crate::clock::SharedClock;
use crate::db::Db;

#[derive(Clone)]
pub struct AppContext {
    pub db: Db,
    pub clock: SharedClock,
}
