//! Reading orders: one with its timeline, a filtered page, the appellant's personal data.
//! Every read of an order is recorded in the audit log before it is answered.

use serde_json::json;
use tongban_domain::order::{
    ActionName, Appellant, TimelineEvent, WorkOrder, available_actions, may_reveal_personal_data,
    may_see,
};
use tongban_domain::{DomainError, OrderId};
use tongban_store::orders::OrderFilter;
use tongban_store::{events, orders};

use crate::{App, AppError, Ctx, audit};

/// One order as its reader may see it.
#[derive(Debug, Clone)]
pub struct OrderDetail {
    pub order: WorkOrder,
    pub events: Vec<TimelineEvent>,
    /// The actions the reader can take now.
    pub actions: Vec<ActionName>,
    /// Whether the reader may see the appellant's personal data unmasked (on request).
    pub may_reveal: bool,
}

async fn visible(
    app: &App,
    ctx: &Ctx,
    id: OrderId,
) -> Result<(WorkOrder, Vec<TimelineEvent>), AppError> {
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let order = orders::get(conn, id)
        .await?
        .filter(|o| may_see(&ctx.actor, o))
        .ok_or_else(DomainError::order_not_found)?;
    let events = events::of_order(conn, id).await?;
    Ok((order, events))
}

/// An order with its timeline (oldest first) and the reader's possible actions.
pub async fn get(app: &App, ctx: &Ctx, id: OrderId) -> Result<OrderDetail, AppError> {
    let (order, events) = visible(app, ctx, id).await?;
    audit::record_view(
        app,
        ctx,
        "order.view",
        "order",
        Some(id.0),
        json!({"number": order.number}),
    )
    .await?;
    Ok(OrderDetail {
        actions: available_actions(&ctx.actor, &order),
        may_reveal: may_reveal_personal_data(&ctx.actor, &order),
        order,
        events,
    })
}

/// The appellant's phone, ID number and address in full, for roles that need them.
pub async fn reveal_personal_data(
    app: &App,
    ctx: &Ctx,
    id: OrderId,
) -> Result<Appellant, AppError> {
    let (order, _) = visible(app, ctx, id).await?;
    if !may_reveal_personal_data(&ctx.actor, &order) {
        return Err(DomainError::forbidden(
            "personal_data_forbidden",
            "您的角色无权查看诉求人的个人信息",
        )
        .into());
    }
    audit::record_view(
        app,
        ctx,
        "order.reveal_personal_data",
        "order",
        Some(id.0),
        json!({"number": order.number}),
    )
    .await?;
    Ok(order.appellant)
}

/// A page of orders.
#[derive(Debug, Clone)]
pub struct OrderPage {
    pub items: Vec<WorkOrder>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// The most a page may hold.
pub const MAX_PER_PAGE: u32 = 200;

/// The orders in the reader's scope that match `filter`; page numbers start at 1.
pub async fn list(
    app: &App,
    ctx: &Ctx,
    filter: &OrderFilter,
    page: u32,
    per_page: u32,
) -> Result<OrderPage, AppError> {
    if page == 0 {
        return Err(DomainError::invalid("page", "invalid_page", "页码从1开始").into());
    }
    if per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(DomainError::invalid(
            "per_page",
            "invalid_per_page",
            format!("每页条数应为1至{MAX_PER_PAGE}"),
        )
        .into());
    }
    let offset = i64::from(page - 1) * i64::from(per_page);
    if !filter.text.is_empty() {
        app.intel().indexer().sync(app).await?;
    }
    let (items, total) = {
        let mut read = app.db().read().await?;
        orders::list(
            &mut read.conn(),
            &ctx.actor.scope(),
            filter,
            app.now(),
            offset,
            i64::from(per_page),
        )
        .await?
    };
    let ids: Vec<i64> = items.iter().map(|o| o.id.0).collect();
    audit::record_view(
        app,
        ctx,
        "order.list",
        "order",
        None,
        json!({"total": total, "page": page, "ids": ids}),
    )
    .await?;
    Ok(OrderPage {
        items,
        total,
        page,
        per_page,
    })
}

/// How many orders of the reader's scope are in each status.
pub async fn counts(
    app: &App,
    ctx: &Ctx,
) -> Result<Vec<(tongban_domain::order::Status, i64)>, AppError> {
    let mut read = app.db().read().await?;
    let rows = orders::count_by_status(&mut read.conn(), &ctx.actor.scope()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(status, n)| tongban_domain::order::Status::from_code(&status).map(|s| (s, n)))
        .collect())
}

/// The id of the order with this number, if the actor may see it (to merge or link by number).
pub async fn id_of(app: &App, ctx: &Ctx, number: &str) -> Result<OrderId, AppError> {
    let mut read = app.db().read().await?;
    orders::by_number(&mut read.conn(), number.trim())
        .await?
        .map(|(order, _)| order)
        .filter(|o| may_see(&ctx.actor, o))
        .map(|o| o.id)
        .ok_or_else(|| {
            DomainError::invalid("target_id", "unknown_target", "目标工单不存在或无权查看").into()
        })
}
