//! What every staff page shares: who is signed in, the navigation their roles allow, the
//! unread count, the CSRF token, a message.

use tongban_domain::codes::Role;

use super::assets::VERSION;
use super::session::StaffSession;
use crate::AppState;

/// One navigation link.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// A message shown at the top of the page.
pub struct Flash {
    pub error: bool,
    pub text: String,
}

/// The frame of every staff page.
pub struct Layout {
    pub title: String,
    pub user: String,
    pub roles: String,
    pub csrf: String,
    pub unread: i64,
    pub nav: Vec<NavItem>,
    pub flash: Option<Flash>,
    pub version: &'static str,
}

impl Layout {
    pub async fn new(
        state: &AppState,
        session: &StaffSession,
        title: &str,
        current: &str,
    ) -> Layout {
        let actor = &session.ctx.actor;
        let unread = tongban_app::notifications::inbox(&state.app, &session.ctx, 0)
            .await
            .map_or(0, |(_, unread)| unread);
        let mut nav = vec![
            ("/", "工作台"),
            ("/orders", "工单列表"),
            ("/supervisions", "督办看板"),
        ];
        if actor.has_any(&[Role::Agent, Role::ServiceOffice]) {
            nav.push(("/orders/new", "诉求登记"));
        }
        nav.push(("/search", "全文检索"));
        if actor.has_any(&[Role::Agent, Role::ServiceOffice, Role::Admin]) {
            nav.push(("/hotline/callbacks", "回拨队列"));
            nav.push(("/hotline/cases", "案件目录"));
        }
        nav.push(("/knowledge", "知识库"));
        if actor.has_any(&[
            Role::ServiceOffice,
            Role::Inspector,
            Role::Leader,
            Role::Admin,
        ]) {
            nav.push(("/topics", "共性问题"));
        }
        if actor.has_any(&[
            Role::Agent,
            Role::ServiceOffice,
            Role::Inspector,
            Role::Leader,
            Role::Admin,
        ]) {
            nav.push(("/hotline/stats", "热线统计"));
        }
        if actor.has(Role::Admin) {
            nav.push(("/admin/users", "人员管理"));
            nav.push(("/admin/organisation", "组织机构"));
        }
        Layout {
            title: title.to_string(),
            user: actor.username.clone(),
            roles: actor
                .roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("、"),
            csrf: session.csrf.clone(),
            unread,
            nav: nav
                .into_iter()
                .map(|(href, label)| NavItem {
                    href,
                    label,
                    current: href == current,
                })
                .collect(),
            flash: None,
            version: VERSION,
        }
    }

    pub fn with_error(mut self, text: impl Into<String>) -> Layout {
        self.flash = Some(Flash {
            error: true,
            text: text.into(),
        });
        self
    }

    pub fn with_notice(mut self, text: impl Into<String>) -> Layout {
        self.flash = Some(Flash {
            error: false,
            text: text.into(),
        });
        self
    }
}
