//! Values bound to dynamically built statements (filters), for either backend.

use crate::Backend;

/// One bind value.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(i64),
    Text(String),
    Bool(bool),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Arg {
        Arg::Int(v)
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(v)
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(v.to_string())
    }
}

/// A statement built piece by piece, numbering its `$n` placeholders.
#[derive(Debug, Default, Clone)]
pub(crate) struct Statement {
    pub sql: String,
    pub args: Vec<Arg>,
}

impl Statement {
    pub fn new(sql: &str) -> Statement {
        Statement {
            sql: sql.to_string(),
            args: Vec::new(),
        }
    }

    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder for `arg`.
    pub fn bind(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        self.sql.push('$');
        self.sql.push_str(&self.args.len().to_string());
        self
    }

    /// Appends `(…, …)` with one placeholder per value.
    pub fn bind_list<T: Into<Arg>>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self {
        self.sql.push('(');
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self.bind(value.into());
        }
        self.sql.push(')');
        self
    }
}

/// Placeholders for `rows` rows of `width` values, bound in order: `($1, $2), ($3, $4)` on
/// PostgreSQL; `(?, ?), (?, ?)` on SQLite, whose binding of numbered parameters costs time
/// quadratic in their count (sqlx looks each name up in a list), painful for thousands.
pub(crate) fn value_rows(backend: Backend, rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=width)
                .map(|c| match backend {
                    Backend::Sqlite => "?".to_string(),
                    Backend::Postgres => format!("${}", r * width + c),
                })
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Binds a `Statement`'s arguments to a sqlx query.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                $crate::args::Arg::Int(v) => query.bind(v),
                $crate::args::Arg::Text(v) => query.bind(v),
                $crate::args::Arg::Bool(v) => query.bind(v),
            };
        }
        query
    }};
}

impl Statement {
    /// Runs the statement; returns how many rows it changed.
    pub async fn execute(self, conn: &mut crate::Conn<'_>) -> crate::Result<u64> {
        Ok(on!(conn, c => {
            let q = sqlx::query(sqlx::AssertSqlSafe(self.sql));
            bind_args!(q, self.args).execute(c).await.map(|r| r.rows_affected())
        })?)
    }
}

/// Counts the rows of `table` that match `where_clause` (a statement starting ` WHERE …`), for
/// the total beside a page of a list.
pub(crate) async fn count_matching(
    conn: &mut crate::Conn<'_>,
    table: &str,
    where_clause: &Statement,
) -> crate::Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM {table}{}", where_clause.sql);
    let args = where_clause.args.clone();
    Ok(on!(conn, c => {
        let q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
        bind_args!(q, args).fetch_one(&mut *c).await
    })?)
}
