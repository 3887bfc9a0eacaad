//! `article.json`: the document model itself, for review and for other tools.

use super::{Context, Exporter, Output};
use crate::error::Error;

/// Writes the article model as pretty JSON.
#[derive(Debug, Clone, Copy)]
pub struct ModelJson;

impl Exporter for ModelJson {
    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error> {
        let mut bytes = serde_json::to_vec_pretty(ctx.article).map_err(|e| Error::Export {
            format: "json",
            message: e.to_string(),
        })?;
        bytes.push(b'\n');
        Ok(vec![Output::new("article.json", bytes)])
    }
}
