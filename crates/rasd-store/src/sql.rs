//! The backend layer: one small SQL interface over SQLite (rusqlite, embedded) and PostgreSQL
//! (the sync `postgres` client), so that the read functions, merging and the canonical content
//! dump are written once.
//!
//! Statements are written in the common dialect (SQLite ≥ 3.35 and PostgreSQL ≥ 12 both take
//! `INSERT … ON CONFLICT … DO NOTHING/UPDATE`, `RETURNING`, `count(DISTINCT …)`, `CAST(x AS TEXT)`)
//! with numbered placeholders `?1, ?2…`; on PostgreSQL they become `$1, $2…`. Values travel as
//! [`Value`]s: parameters are converted to the type PostgreSQL inferred for each placeholder, and
//! result columns come back as the same five kinds SQLite has. Column names that PostgreSQL
//! reserves (`end`) are written quoted (`"end"`), which SQLite accepts too. What differs between
//! the two — the schema's DDL, full-text search, session settings, write batches — is branched on
//! [`Db`] where it is done, never hidden here.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::{Error, Result};

/// One SQL value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
    /// A list of strings: a `TEXT[]` on PostgreSQL (the full-text word lists); not used on SQLite.
    TextList(Vec<String>),
}

/// Rust values that can be bound as parameters.
pub trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}
impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
}
impl ToValue for i32 {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl ToValue for usize {
    fn to_value(&self) -> Value {
        Value::Int(*self as i64)
    }
}
impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}
impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}
impl ToValue for Vec<String> {
    fn to_value(&self) -> Value {
        Value::TextList(self.clone())
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        match self {
            Some(x) => x.to_value(),
            None => Value::Null,
        }
    }
}

/// Rust values a column can be read as.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<i64> {
        match v {
            Value::Int(x) => Some(*x),
            _ => None,
        }
    }
}
impl FromValue for usize {
    fn from_value(v: &Value) -> Option<usize> {
        match v {
            Value::Int(x) => usize::try_from(*x).ok(),
            _ => None,
        }
    }
}
impl FromValue for f64 {
    fn from_value(v: &Value) -> Option<f64> {
        match v {
            Value::Real(x) => Some(*x),
            Value::Int(x) => Some(*x as f64),
            _ => None,
        }
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Option<bool> {
        match v {
            Value::Int(x) => Some(*x != 0),
            _ => None,
        }
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> Option<String> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> Option<Vec<u8>> {
        match v {
            Value::Blob(b) => Some(b.clone()),
            _ => None,
        }
    }
}
impl FromValue for Value {
    fn from_value(v: &Value) -> Option<Value> {
        Some(v.clone())
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Option<T>> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// One result row.
#[derive(Clone, Debug)]
pub struct Row {
    values: Vec<Value>,
}

impl Row {
    /// Column `i` as a `T`; a NULL or a value of another kind is an error naming the column.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let v = self.values.get(i).ok_or_else(|| Error::msg(format!("database error: no column {i} in the result")))?;
        T::from_value(v).ok_or_else(|| Error::msg(format!("database error: column {i} holds {v:?}, not a {}", std::any::type_name::<T>())))
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }
}

/// Which database engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A PostgreSQL session with its prepared statements.
pub struct Pg {
    pub(crate) client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
    /// Whether a transaction block is open (so that a read snapshot inside one opens none).
    in_tx: bool,
    /// The URL connected to (for [`crate::Store::reader`]'s second connection).
    pub(crate) url: String,
}

/// A database connection of either engine.
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<Pg>>),
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Error {
        let message = match e.as_db_error() {
            Some(d) => format!("database error ({}): {}", d.code().code(), d.message()),
            None => "database error".to_string(),
        };
        Error::with(message, e)
    }
}

/// `?N` → `$N`, outside quoted strings and identifiers.
pub(crate) fn pg_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '?' && chars.peek().is_some_and(|d| d.is_ascii_digit()) => {
                out.push('$');
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    out
}

fn pg_param(v: &Value, ty: &postgres::types::Type, n: usize) -> Result<Box<dyn postgres::types::ToSql + Sync>> {
    use postgres::types::Type;
    let bad = || Error::msg(format!("database error: parameter ${n} ({v:?}) cannot be bound as {ty}"));
    Ok(match v {
        Value::Null => match *ty {
            Type::INT8 => Box::new(None::<i64>),
            Type::INT4 => Box::new(None::<i32>),
            Type::INT2 => Box::new(None::<i16>),
            Type::FLOAT8 => Box::new(None::<f64>),
            Type::FLOAT4 => Box::new(None::<f32>),
            Type::BOOL => Box::new(None::<bool>),
            Type::BYTEA => Box::new(None::<Vec<u8>>),
            Type::TEXT_ARRAY => Box::new(None::<Vec<String>>),
            _ => Box::new(None::<String>),
        },
        Value::Int(x) => match *ty {
            Type::INT8 => Box::new(*x),
            Type::INT4 => Box::new(i32::try_from(*x).map_err(|_| bad())?),
            Type::INT2 => Box::new(i16::try_from(*x).map_err(|_| bad())?),
            Type::FLOAT8 => Box::new(*x as f64),
            Type::FLOAT4 => Box::new(*x as f32),
            Type::BOOL => Box::new(*x != 0),
            Type::TEXT | Type::VARCHAR | Type::UNKNOWN => Box::new(x.to_string()),
            _ => return Err(bad()),
        },
        Value::Real(x) => match *ty {
            Type::FLOAT8 => Box::new(*x),
            Type::FLOAT4 => Box::new(*x as f32),
            _ => return Err(bad()),
        },
        Value::Text(s) => match *ty {
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => Box::new(s.clone()),
            _ => return Err(bad()),
        },
        Value::Blob(b) => match *ty {
            Type::BYTEA => Box::new(b.clone()),
            _ => return Err(bad()),
        },
        Value::TextList(l) => match *ty {
            Type::TEXT_ARRAY | Type::VARCHAR_ARRAY => Box::new(l.clone()),
            _ => return Err(bad()),
        },
    })
}

fn pg_column(row: &postgres::Row, i: usize) -> Result<Value> {
    use postgres::types::Type;
    let ty = row.columns()[i].type_().clone();
    let v = match ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|x| Value::Int(i64::from(x))),
        Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|x| Value::Int(i64::from(x))),
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(|x| Value::Int(i64::from(x))),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map(|x| Value::Real(f64::from(x))),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
        Type::TEXT_ARRAY | Type::VARCHAR_ARRAY => row.try_get::<_, Option<Vec<String>>>(i)?.map(Value::TextList),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
        other => {
            return Err(Error::msg(format!(
                "database error: column {i} has type {other}, which rasd does not read (cast it in the query)"
            )));
        }
    };
    Ok(v.unwrap_or(Value::Null))
}

impl rusqlite::types::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(x) => ToSqlOutput::Borrowed(ValueRef::Integer(*x)),
            Value::Real(x) => ToSqlOutput::Borrowed(ValueRef::Real(*x)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            // SQLite has no arrays; the list travels as space-separated words.
            Value::TextList(l) => ToSqlOutput::Owned(rusqlite::types::Value::Text(l.join(" "))),
        })
    }
}

fn sqlite_value(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(x) => Value::Int(x),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

impl Pg {
    pub(crate) fn new(client: postgres::Client, url: &str) -> Pg {
        Pg { client, statements: HashMap::new(), in_tx: false, url: url.to_string() }
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let st = self.client.prepare(&pg_placeholders(sql)).map_err(|e| {
            let m = Error::from(e);
            Error::msg(format!("{m} in: {}", sql.split_whitespace().collect::<Vec<_>>().join(" ")))
        })?;
        self.statements.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    fn bind(st: &postgres::Statement, params: &[Value]) -> Result<Vec<Box<dyn postgres::types::ToSql + Sync>>> {
        if st.params().len() != params.len() {
            return Err(Error::msg(format!(
                "database error: the statement takes {} parameters, {} given",
                st.params().len(),
                params.len()
            )));
        }
        st.params().iter().zip(params).enumerate().map(|(i, (ty, v))| pg_param(v, ty, i + 1)).collect()
    }

    pub(crate) fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let st = self.statement(sql)?;
        let bound = Pg::bind(&st, params)?;
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = bound.iter().map(|b| b.as_ref()).collect();
        let rows = self.client.query(&st, &refs)?;
        rows.iter().map(|r| Ok(Row { values: (0..r.len()).map(|i| pg_column(r, i)).collect::<Result<Vec<_>>>()? })).collect()
    }

    pub(crate) fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let st = self.statement(sql)?;
        let bound = Pg::bind(&st, params)?;
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = bound.iter().map(|b| b.as_ref()).collect();
        Ok(self.client.execute(&st, &refs)?)
    }
}

fn values(params: &[&dyn ToValue]) -> Vec<Value> {
    params.iter().map(|p| p.to_value()).collect()
}

impl Db {
    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Runs a query and returns every row.
    pub fn query(&self, sql: &str, params: &[&dyn ToValue]) -> Result<Vec<Row>> {
        self.query_values(sql, &values(params))
    }

    pub fn query_values(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        match self {
            Db::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let n = st.column_count();
                let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut vs = Vec::with_capacity(n);
                    for i in 0..n {
                        vs.push(sqlite_value(r.get_ref(i)?));
                    }
                    out.push(Row { values: vs });
                }
                Ok(out)
            }
            Db::Postgres(p) => p.borrow_mut().query(sql, params),
        }
    }

    /// The first row, if any.
    pub fn query_opt(&self, sql: &str, params: &[&dyn ToValue]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Exactly one row (an aggregate).
    pub fn query_one(&self, sql: &str, params: &[&dyn ToValue]) -> Result<Row> {
        self.query_opt(sql, params)?.ok_or_else(|| Error::msg("database error: the query returned no row"))
    }

    pub fn execute(&self, sql: &str, params: &[&dyn ToValue]) -> Result<u64> {
        self.execute_values(sql, &values(params))
    }

    pub fn execute_values(&self, sql: &str, params: &[Value]) -> Result<u64> {
        match self {
            Db::Sqlite(c) => Ok(c.prepare_cached(sql)?.execute(rusqlite::params_from_iter(params.iter()))? as u64),
            Db::Postgres(p) => p.borrow_mut().execute(sql, params),
        }
    }

    /// Runs statements with no parameters (`BEGIN`, DDL).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Db::Postgres(p) => Ok(p.borrow_mut().client.batch_execute(sql)?),
        }
    }

    /// Inserts many rows with one statement per chunk on PostgreSQL (one round trip for up to
    /// 1,000 rows) and one cached statement per row on SQLite. `head` is
    /// `INSERT INTO t (a, b, c)`, `tail` what follows the VALUES (`ON CONFLICT DO NOTHING`, or "").
    pub fn insert_many(&self, head: &str, tail: &str, columns: usize, rows: &[Vec<Value>]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let group = |first: usize| format!("({})", (first..first + columns).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", "));
        match self {
            Db::Sqlite(_) => {
                let sql = format!("{head} VALUES {} {tail}", group(1));
                for r in rows {
                    self.execute_values(&sql, r)?;
                }
            }
            Db::Postgres(_) => {
                // At most 65,535 parameters a statement.
                let per = (1000).min(60_000 / columns.max(1)).max(1);
                for chunk in rows.chunks(per) {
                    let groups: Vec<String> = (0..chunk.len()).map(|k| group(k * columns + 1)).collect();
                    let sql = format!("{head} VALUES {} {tail}", groups.join(", "));
                    let flat: Vec<Value> = chunk.iter().flat_map(|r| r.iter().cloned()).collect();
                    self.execute_values(&sql, &flat)?;
                }
            }
        }
        Ok(())
    }
}

impl Db {
    /// Whether a PostgreSQL transaction block is open on this session (false on SQLite).
    pub(crate) fn in_pg_transaction(&self) -> bool {
        match self {
            Db::Sqlite(_) => false,
            Db::Postgres(p) => p.borrow().in_tx,
        }
    }

    /// Opens a transaction (`begin` is `BEGIN …`), noting it on a PostgreSQL session.
    pub(crate) fn begin_tx(&self, begin: &str) -> Result<()> {
        self.batch(begin)?;
        if let Db::Postgres(p) = self {
            p.borrow_mut().in_tx = true;
        }
        Ok(())
    }

    /// Ends the open transaction with `end` (`COMMIT` or `ROLLBACK`).
    pub(crate) fn end_tx(&self, end: &str) -> Result<()> {
        if let Db::Postgres(p) = self {
            p.borrow_mut().in_tx = false;
        }
        self.batch(end)
    }

    /// Like [`Db::insert_many`], with a `RETURNING …` clause in `tail`: the returned rows of every
    /// chunk, in order.
    pub fn insert_many_returning(&self, head: &str, tail: &str, columns: usize, rows: &[Vec<Value>]) -> Result<Vec<Row>> {
        let group = |first: usize| format!("({})", (first..first + columns).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", "));
        let mut out = Vec::new();
        if rows.is_empty() {
            return Ok(out);
        }
        match self {
            Db::Sqlite(_) => {
                let sql = format!("{head} VALUES {} {tail}", group(1));
                for r in rows {
                    out.extend(self.query_values(&sql, r)?);
                }
            }
            Db::Postgres(_) => {
                let per = (1000).min(60_000 / columns.max(1)).max(1);
                for chunk in rows.chunks(per) {
                    let groups: Vec<String> = (0..chunk.len()).map(|k| group(k * columns + 1)).collect();
                    let sql = format!("{head} VALUES {} {tail}", groups.join(", "));
                    let flat: Vec<Value> = chunk.iter().flat_map(|r| r.iter().cloned()).collect();
                    out.extend(self.query_values(&sql, &flat)?);
                }
            }
        }
        Ok(out)
    }

    /// Runs `f` in one transaction (`begin` opens it: `BEGIN`, `BEGIN ISOLATION LEVEL …`),
    /// committed if `f` succeeds, rolled back otherwise. On PostgreSQL a deadlock or a
    /// serialization failure is retried (up to five times): the work is redone from the start.
    pub fn in_transaction<T>(&self, begin: &str, mut f: impl FnMut(&Db) -> Result<T>) -> Result<T> {
        let mut attempt = 0;
        loop {
            self.begin_tx(begin)?;
            let r = f(self).and_then(|v| self.end_tx("COMMIT").map(|_| v));
            match r {
                Ok(v) => return Ok(v),
                Err(e) => {
                    let _ = self.end_tx("ROLLBACK");
                    attempt += 1;
                    let retry = self.engine() == Engine::Postgres && matches!(e.sqlstate().as_deref(), Some("40001" | "40P01"));
                    if !retry || attempt >= 5 {
                        return Err(e);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20 * attempt));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_dollars_outside_quotes() {
        assert_eq!(pg_placeholders("SELECT ?1, '?2', \"?3\" FROM t WHERE a = ?12"), "SELECT $1, '?2', \"?3\" FROM t WHERE a = $12");
        assert_eq!(pg_placeholders("SELECT 'it''s ?1' || ?2"), "SELECT 'it''s ?1' || $2");
    }

    #[test]
    fn sqlite_round_trips_values() {
        let db = Db::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        db.batch("CREATE TABLE t (a INTEGER, b REAL, c TEXT, d BLOB)").unwrap();
        db.insert_many(
            "INSERT INTO t (a, b, c, d)",
            "",
            4,
            &[
                vec![Value::Int(1), Value::Real(0.5), Value::Text("نص".into()), Value::Blob(vec![0, 255])],
                vec![Value::Null, Value::Null, Value::Null, Value::Null],
            ],
        )
        .unwrap();
        let rows = db.query("SELECT a, b, c, d FROM t ORDER BY a IS NULL, a", &[]).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get::<i64>(0).unwrap(), 1);
        assert_eq!(rows[0].get::<f64>(1).unwrap(), 0.5);
        assert_eq!(rows[0].get::<String>(2).unwrap(), "نص");
        assert_eq!(rows[0].get::<Vec<u8>>(3).unwrap(), vec![0, 255]);
        assert_eq!(rows[1].get::<Option<i64>>(0).unwrap(), None);
        assert!(rows[1].get::<i64>(0).is_err(), "a NULL is not an integer");
        let one = db.query_one("SELECT count(*) FROM t WHERE c = ?1", &[&"نص"]).unwrap();
        assert_eq!(one.get::<usize>(0).unwrap(), 1);
    }
}
