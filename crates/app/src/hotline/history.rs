//! 来电弹屏 the screen pop: what the hotline knows of a number when it calls — its earlier
//! calls (and whether this is a repeat caller), its orders (open ones first), the cases in which
//! it belongs to a party, and the callbacks still owed to it.

use chrono::Duration;
use serde_json::json;
use tongban_domain::hotline::REPEAT_WINDOW_DAYS;
use tongban_domain::values::Phone;
use tongban_store::hotline::calls::{self, CallRow};
use tongban_store::hotline::cases::{self, StoredCase};
use tongban_store::orders::{OrderFilter, Sort};

use super::callbacks::{Callback, open_of_caller};
use super::{HOTLINE_ROLES, require};
use crate::orders::{self, OrderPage};
use crate::{App, AppError, Ctx, audit};

/// Everything known of a caller.
#[derive(Debug, Clone)]
pub struct CallerHistory {
    pub phone: Phone,
    /// The newest calls first.
    pub calls: Vec<CallRow>,
    /// Calls within the repeat window (this one included).
    pub calls_in_window: i64,
    pub orders: OrderPage,
    pub cases: Vec<StoredCase>,
    pub open_callbacks: Vec<Callback>,
}

impl CallerHistory {
    /// Whether the number called more than once within the repeat window.
    pub fn is_repeat_caller(&self) -> bool {
        self.calls_in_window > 1
    }
}

/// The screen pop of `phone`.
pub async fn of_caller(app: &App, ctx: &Ctx, phone: &str) -> Result<CallerHistory, AppError> {
    require(
        ctx,
        HOTLINE_ROLES,
        "只有话务员、群众诉求服务处或管理员可以查看来电历史",
    )?;
    let phone = Phone::parse(phone).map_err(|e| e.for_field("phone"))?;
    let since = app.now() - Duration::days(REPEAT_WINDOW_DAYS);
    let (recent, in_window, party_cases) = {
        let mut read = app.db().read().await?;
        let conn = &mut read.conn();
        (
            calls::of_caller(conn, phone.as_str(), 20).await?,
            calls::count_since(conn, phone.as_str(), since).await?,
            cases::of_party_phone(conn, phone.as_str(), 20).await?,
        )
    };
    let filter = OrderFilter {
        phone: Some(phone.to_string()),
        sort: Sort::DueFirst,
        ..OrderFilter::default()
    };
    let found = orders::list(app, ctx, &filter, 1, 20).await?;
    let open_callbacks = open_of_caller(app, phone.as_str()).await?;
    let case_numbers: Vec<&str> = party_cases
        .iter()
        .map(|c| c.case.case_number.as_str())
        .collect();
    audit::record_view(
        app,
        ctx,
        "caller.history",
        "caller",
        None,
        json!({"phone": phone.masked(), "cases": case_numbers, "calls": recent.len()}),
    )
    .await?;
    Ok(CallerHistory {
        phone,
        calls: recent,
        calls_in_window: in_window,
        orders: found,
        cases: party_cases,
        open_callbacks,
    })
}
