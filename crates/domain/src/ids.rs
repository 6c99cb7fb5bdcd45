//! Typed identifiers, so an order id cannot be passed where a user id is meant.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// 工单 work order
    OrderId
);
id_type!(
    /// 用户 staff user
    UserId
);
id_type!(
    /// 法院 court
    CourtId
);
id_type!(
    /// 部门 department of a court
    DepartmentId
);

impl OrderId {
    /// The id of an order not stored yet; the store assigns the real one.
    pub const UNSAVED: OrderId = OrderId(0);
}
