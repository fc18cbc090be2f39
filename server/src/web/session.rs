//! The session port: who is calling, signing in and out.

use std::net::SocketAddr;

use app::api::session::SessionPort;
use app::types::{Actor, ApiError, Viewer};
use axum::extract::ConnectInfo;
use axum::http::request::Parts;

use crate::accounts;
use crate::auth::{self, session::ClientInfo};
use crate::http::SignedIn;
use crate::state::AppState;

pub struct Session(pub AppState);

#[async_trait::async_trait]
impl SessionPort for Session {
    async fn actor(&self, req: &Parts) -> Result<Option<Actor>, ApiError> {
        // `http::identify` has looked the caller up already
        if let Some(SignedIn(actor)) = req.extensions.get::<SignedIn>() {
            return Ok(actor.clone());
        }
        Ok(crate::http::actor_for(&self.0, &req.headers).await?)
    }

    async fn viewer(&self, actor: Option<&Actor>) -> Result<Option<Viewer>, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(accounts::viewer(&mut pooled.conn(), actor).await?)
    }

    async fn login(&self, req: &Parts, email: &str, password: &str) -> Result<String, ApiError> {
        let config = &self.0.config;
        let peer = req.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let client = ClientInfo {
            ip: auth::client::address(peer, &req.headers, &config.trusted_proxies, &config.client_ip_header)
                .map(|ip| ip.to_string()),
            user_agent: req
                .headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        };
        let mut pooled = self.0.conn().await?;
        let outcome = auth::session::login(
            &mut pooled.conn(),
            &self.0.throttle,
            email,
            password,
            &client,
            config.session_ttl_hours,
            config.secure_cookies(),
            crate::domains::brand_host(&req.extensions).map(|b| b.account_id),
            crate::db::now(),
        )
        .await?;
        Ok(outcome.cookie)
    }

    async fn logout(&self, req: &Parts) -> Result<String, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(auth::session::logout(&mut pooled.conn(), &req.headers, self.0.config.secure_cookies()).await?)
    }

    fn secure_cookies(&self) -> bool {
        self.0.config.secure_cookies()
    }
}
