//! Values written as SQL literals that SQLite and PostgreSQL both read the same way, for the
//! multi-row statements of bulk writes (the demo seed, imports): strings quoted with `'`
//! doubled and NULs dropped, non-finite numbers as NULL, dates and times as ISO text.

use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveDateTime};

/// A value written as a SQL literal.
pub trait Lit {
    fn lit(&self, out: &mut String);
}

macro_rules! number_lit {
    ($($t:ty),*) => {$(
        impl Lit for $t {
            fn lit(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
number_lit!(i32, i64, u32, usize);

impl Lit for f64 {
    fn lit(&self, out: &mut String) {
        if self.is_finite() {
            let _ = write!(out, "{self}");
        } else {
            out.push_str("NULL");
        }
    }
}

impl Lit for bool {
    fn lit(&self, out: &mut String) {
        out.push_str(if *self { "TRUE" } else { "FALSE" });
    }
}

impl Lit for str {
    fn lit(&self, out: &mut String) {
        out.push('\'');
        for ch in self.chars().filter(|c| *c != '\0') {
            if ch == '\'' {
                out.push('\'');
            }
            out.push(ch);
        }
        out.push('\'');
    }
}

impl Lit for String {
    fn lit(&self, out: &mut String) {
        self.as_str().lit(out);
    }
}

impl Lit for &str {
    fn lit(&self, out: &mut String) {
        (*self).lit(out);
    }
}

impl Lit for NaiveDate {
    fn lit(&self, out: &mut String) {
        let _ = write!(out, "'{}'", self.format("%Y-%m-%d"));
    }
}

impl Lit for NaiveDateTime {
    fn lit(&self, out: &mut String) {
        let _ = write!(out, "'{}'", self.format("%Y-%m-%d %H:%M:%S"));
    }
}

impl<T: Lit> Lit for Option<T> {
    fn lit(&self, out: &mut String) {
        match self {
            Some(v) => v.lit(out),
            None => out.push_str("NULL"),
        }
    }
}
