-- 2026-11-27-000001_foundation: foundation schema (PostgreSQL 15).
-- Keep column order identical to migrations/sqlite/ and server/src/db/schema.rs (diesel maps by position).
-- Ids are 64-bit; money is integer cents + ISO currency; JSON is TEXT; timestamps are UTC without zone.

-- Subscription plans (core: Free $0, Starter $49, Growth $149, Scale $349 per month).
CREATE TABLE igny8_plans (
    id BIGSERIAL PRIMARY KEY, -- primary key
    name TEXT NOT NULL, -- display name, e.g. Growth
    slug TEXT NOT NULL, -- stable machine name, e.g. growth
    price_cents BIGINT NOT NULL, -- monthly price in cents
    currency TEXT NOT NULL DEFAULT 'USD' CONSTRAINT ck_plans_currency CHECK (length(currency) = 3), -- ISO 4217 currency code of the *_cents amounts
    max_sites INTEGER, -- site limit; NULL = unlimited
    max_users INTEGER, -- user limit; NULL = unlimited
    included_credits INTEGER NOT NULL, -- credits granted per billing period
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- plan can be chosen by new accounts
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE UNIQUE INDEX ux_plans_slug ON igny8_plans (slug);

-- Tenants: one customer organisation (or agency).
CREATE TABLE igny8_accounts (
    id BIGSERIAL PRIMARY KEY, -- primary key
    name TEXT NOT NULL, -- organisation name
    slug TEXT NOT NULL, -- URL-safe unique handle
    plan_id BIGINT REFERENCES igny8_plans(id) ON DELETE SET NULL, -- current plan; NULL = none
    status TEXT NOT NULL CONSTRAINT ck_accounts_status CHECK (status IN ('active', 'suspended', 'trial', 'cancelled')), -- account lifecycle state
    account_timezone TEXT NOT NULL DEFAULT 'UTC', -- IANA time zone for schedules and reports
    feature_gates TEXT NOT NULL DEFAULT '[]', -- JSON array of enabled gates, e.g. ["reports","white_label"]
    is_agency BOOLEAN NOT NULL DEFAULT FALSE, -- agency account (may white-label reports)
    credits BIGINT NOT NULL DEFAULT 0, -- current credit balance
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE UNIQUE INDEX ux_accounts_slug ON igny8_accounts (slug);
CREATE INDEX ix_accounts_plan_id ON igny8_accounts (plan_id);

-- People who sign in; each belongs to one account.
CREATE TABLE igny8_users (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    email TEXT NOT NULL, -- sign-in email, stored lower-case
    first_name TEXT NOT NULL, -- given name
    last_name TEXT NOT NULL, -- family name
    password_hash TEXT NOT NULL, -- argon2 PHC string
    role TEXT NOT NULL CONSTRAINT ck_users_role CHECK (role IN ('owner', 'admin', 'member', 'viewer')), -- role within the account
    is_staff BOOLEAN NOT NULL DEFAULT FALSE, -- Alorig staff (platform admin)
    site_restricted BOOLEAN NOT NULL DEFAULT FALSE, -- only the sites in igny8_site_user_access (none left = no site)
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- may sign in
    last_login_at TIMESTAMP, -- last successful sign-in (UTC)
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE UNIQUE INDEX ux_users_email ON igny8_users (email);
CREATE INDEX ix_users_account_id ON igny8_users (account_id);

-- Browser sessions (cookie value is never stored, only its hash).
CREATE TABLE igny8_sessions (
    id BIGSERIAL PRIMARY KEY, -- primary key
    user_id BIGINT NOT NULL REFERENCES igny8_users(id) ON DELETE CASCADE, -- signed-in user
    token_hash TEXT NOT NULL, -- sha-256 hex of the session cookie value
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    expires_at TIMESTAMP NOT NULL, -- session expiry (UTC)
    last_seen_at TIMESTAMP NOT NULL, -- last request seen on this session (UTC)
    user_agent TEXT, -- User-Agent at sign-in
    ip TEXT -- client IP at sign-in
);
CREATE UNIQUE INDEX ux_sessions_token_hash ON igny8_sessions (token_hash);
CREATE INDEX ix_sessions_user_id ON igny8_sessions (user_id);
CREATE INDEX ix_sessions_expires_at ON igny8_sessions (expires_at);

-- Personal API tokens (only a hash and a display prefix are stored).
CREATE TABLE igny8_api_tokens (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    user_id BIGINT NOT NULL REFERENCES igny8_users(id) ON DELETE CASCADE, -- user the token acts as
    name TEXT NOT NULL, -- label given by the user
    token_prefix TEXT NOT NULL, -- first characters of the token, shown in lists
    token_hash TEXT NOT NULL, -- sha-256 hex of the full token
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    last_used_at TIMESTAMP, -- last authenticated use (UTC)
    expires_at TIMESTAMP, -- expiry (UTC); NULL = never
    revoked_at TIMESTAMP -- revocation time (UTC); NULL = valid
);
CREATE UNIQUE INDEX ux_api_tokens_token_hash ON igny8_api_tokens (token_hash);
CREATE INDEX ix_api_tokens_account_id ON igny8_api_tokens (account_id);
CREATE INDEX ix_api_tokens_user_id ON igny8_api_tokens (user_id);

-- Websites managed by an account.
CREATE TABLE igny8_sites (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    name TEXT NOT NULL, -- display name
    domain TEXT NOT NULL, -- bare domain, e.g. example.com
    industry TEXT, -- industry label
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- site is active
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE UNIQUE INDEX ux_sites_account_id_domain ON igny8_sites (account_id, domain);
CREATE INDEX ix_sites_account_id ON igny8_sites (account_id);

-- Site restriction: a user with rows here may only see those sites.
CREATE TABLE igny8_site_user_access (
    id BIGSERIAL PRIMARY KEY, -- primary key
    user_id BIGINT NOT NULL REFERENCES igny8_users(id) ON DELETE CASCADE, -- restricted user
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site the user may access
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE UNIQUE INDEX ux_site_user_access_user_id_site_id ON igny8_site_user_access (user_id, site_id);
CREATE INDEX ix_site_user_access_site_id ON igny8_site_user_access (site_id);

-- Platform-wide feature switches.
CREATE TABLE igny8_feature_flags (
    id BIGSERIAL PRIMARY KEY, -- primary key
    name TEXT NOT NULL, -- flag name, e.g. managed_services_enabled
    enabled BOOLEAN NOT NULL DEFAULT FALSE, -- flag is on
    description TEXT NOT NULL DEFAULT '', -- what the flag controls
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE UNIQUE INDEX ux_feature_flags_name ON igny8_feature_flags (name);

-- Sectors (topic areas) within a site.
CREATE TABLE igny8_sectors (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    name TEXT NOT NULL, -- sector name
    description TEXT NOT NULL DEFAULT '', -- free-text description
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- sector is active
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE INDEX ix_sectors_account_id ON igny8_sectors (account_id);
CREATE INDEX ix_sectors_site_id ON igny8_sectors (site_id);

-- Managed-service subscription of one site (Lite / Pro).
CREATE TABLE igny8_managed_service_subscriptions (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- managed site (one subscription per site)
    tier TEXT NOT NULL CONSTRAINT ck_managed_service_subscriptions_tier CHECK (tier IN ('lite', 'pro')), -- service tier
    status TEXT NOT NULL CONSTRAINT ck_managed_service_subscriptions_status CHECK (status IN ('pending', 'active', 'paused', 'cancelled')), -- subscription state
    price_cents BIGINT NOT NULL, -- price per billing interval in cents
    cost_cents BIGINT NOT NULL, -- Alorig delivery cost per billing interval in cents
    currency TEXT NOT NULL DEFAULT 'USD' CONSTRAINT ck_managed_service_subscriptions_currency CHECK (length(currency) = 3), -- ISO 4217 currency code of the *_cents amounts
    billing_interval TEXT NOT NULL CONSTRAINT ck_managed_service_subscriptions_billing_interval CHECK (billing_interval IN ('month', 'quarter', 'year')), -- billing interval
    articles_per_month INTEGER NOT NULL, -- articles delivered per month
    backlinks_per_month INTEGER NOT NULL, -- backlinks delivered per month
    review_required BOOLEAN NOT NULL DEFAULT TRUE, -- client must approve deliverables
    started_on DATE NOT NULL, -- service start date
    renewal_date DATE NOT NULL, -- next renewal date
    cancelled_at TIMESTAMP, -- cancellation time (UTC)
    report_recipients TEXT NOT NULL DEFAULT '[]', -- JSON array of report recipient emails
    config TEXT NOT NULL DEFAULT '{}', -- JSON object of service settings
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE UNIQUE INDEX ux_managed_service_subscriptions_site_id ON igny8_managed_service_subscriptions (site_id);
CREATE INDEX ix_managed_service_subscriptions_status ON igny8_managed_service_subscriptions (status);
CREATE INDEX ix_managed_service_subscriptions_account_id ON igny8_managed_service_subscriptions (account_id);
CREATE INDEX ix_managed_service_subscriptions_renewal_date ON igny8_managed_service_subscriptions (renewal_date);

-- Backlink packages ordered from a marketplace for a site.
CREATE TABLE igny8_backlink_service_orders (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    subscription_id BIGINT REFERENCES igny8_managed_service_subscriptions(id) ON DELETE SET NULL, -- managed subscription that funds the order
    package TEXT NOT NULL CONSTRAINT ck_backlink_service_orders_package CHECK (package IN ('starter', 'growth', 'authority', 'custom')), -- backlink package
    marketplace TEXT NOT NULL CONSTRAINT ck_backlink_service_orders_marketplace CHECK (marketplace IN ('fatgrid', 'prnews', 'manual')), -- where the links are bought
    status TEXT NOT NULL CONSTRAINT ck_backlink_service_orders_status CHECK (status IN ('pending', 'ordered', 'in_progress', 'delivered', 'completed', 'cancelled')), -- order state
    links_ordered INTEGER NOT NULL, -- number of links in the order
    price_cents BIGINT NOT NULL, -- price charged to the client in cents
    cost_cents BIGINT NOT NULL, -- marketplace cost in cents
    currency TEXT NOT NULL DEFAULT 'USD' CONSTRAINT ck_backlink_service_orders_currency CHECK (length(currency) = 3), -- ISO 4217 currency code of the *_cents amounts
    ordered_at TIMESTAMP NOT NULL, -- order placement time (UTC)
    due_date DATE NOT NULL, -- promised delivery date
    delivered_at TIMESTAMP, -- delivery time (UTC)
    notes TEXT NOT NULL DEFAULT '', -- internal notes
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_backlink_service_orders_site_id_ordered_at ON igny8_backlink_service_orders (site_id, ordered_at);
CREATE INDEX ix_backlink_service_orders_status ON igny8_backlink_service_orders (status);
CREATE INDEX ix_backlink_service_orders_account_id ON igny8_backlink_service_orders (account_id);
CREATE INDEX ix_backlink_service_orders_subscription_id ON igny8_backlink_service_orders (subscription_id);

-- SAG blueprints: the planned site architecture of a site.
CREATE TABLE igny8_sag_blueprints (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    name TEXT NOT NULL, -- blueprint name
    status TEXT NOT NULL CONSTRAINT ck_sag_blueprints_status CHECK (status IN ('draft', 'active', 'archived')), -- blueprint state
    version INTEGER NOT NULL DEFAULT 1, -- blueprint version number
    sag_health_score DOUBLE PRECISION CONSTRAINT ck_sag_blueprints_sag_health_score CHECK (sag_health_score BETWEEN 0 AND 100), -- SAG health score 0-100
    last_health_check TIMESTAMP, -- time of the last health computation (UTC)
    content_gaps TEXT NOT NULL DEFAULT '[]', -- JSON array of {topic, cluster, priority}
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_sag_blueprints_account_id ON igny8_sag_blueprints (account_id);
CREATE INDEX ix_sag_blueprints_site_id ON igny8_sag_blueprints (site_id);

-- SAG clusters (topic hubs) of a blueprint.
CREATE TABLE igny8_sag_clusters (
    id BIGSERIAL PRIMARY KEY, -- primary key
    blueprint_id BIGINT NOT NULL REFERENCES igny8_sag_blueprints(id) ON DELETE CASCADE, -- owning blueprint
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    name TEXT NOT NULL, -- cluster name
    cluster_type TEXT NOT NULL CONSTRAINT ck_sag_clusters_cluster_type CHECK (cluster_type IN ('product_category', 'condition_problem', 'feature', 'brand', 'informational', 'comparison')), -- cluster kind
    status TEXT NOT NULL CONSTRAINT ck_sag_clusters_status CHECK (status IN ('planned', 'in-progress', 'complete')), -- build-out state
    hub_page_type TEXT NOT NULL DEFAULT 'cluster_hub', -- content structure of the hub page
    target_articles INTEGER NOT NULL, -- articles planned for the cluster
    published_articles INTEGER NOT NULL, -- articles published so far
    link_coverage_score DOUBLE PRECISION, -- internal-link coverage score
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_sag_clusters_blueprint_id ON igny8_sag_clusters (blueprint_id);
CREATE INDEX ix_sag_clusters_site_id ON igny8_sag_clusters (site_id);

-- SAG backlink campaigns of a site.
CREATE TABLE igny8_sag_campaigns (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    blueprint_id BIGINT REFERENCES igny8_sag_blueprints(id) ON DELETE SET NULL, -- blueprint the campaign supports
    name TEXT NOT NULL, -- campaign name
    country TEXT NOT NULL CONSTRAINT ck_sag_campaigns_country CHECK (length(country) = 2), -- target country, ISO 3166-1 alpha-2
    status TEXT NOT NULL CONSTRAINT ck_sag_campaigns_status CHECK (status IN ('draft', 'active', 'paused', 'completed')), -- campaign state
    monthly_link_target INTEGER NOT NULL, -- links to build per month
    budget_cents BIGINT NOT NULL, -- campaign budget in cents
    currency TEXT NOT NULL DEFAULT 'USD' CONSTRAINT ck_sag_campaigns_currency CHECK (length(currency) = 3), -- ISO 4217 currency code of the *_cents amounts
    starts_on DATE NOT NULL, -- campaign start date
    ends_on DATE, -- campaign end date; NULL = open-ended
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_sag_campaigns_account_id ON igny8_sag_campaigns (account_id);
CREATE INDEX ix_sag_campaigns_site_id ON igny8_sag_campaigns (site_id);
CREATE INDEX ix_sag_campaigns_blueprint_id ON igny8_sag_campaigns (blueprint_id);

-- Individual backlinks (planned -> ordered -> delivered -> live -> indexed).
CREATE TABLE igny8_sag_backlinks (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    campaign_id BIGINT REFERENCES igny8_sag_campaigns(id) ON DELETE SET NULL, -- campaign the link belongs to
    order_id BIGINT REFERENCES igny8_backlink_service_orders(id) ON DELETE SET NULL, -- marketplace order that bought the link
    target_url TEXT NOT NULL, -- page on the client site the link points to
    source_url TEXT NOT NULL, -- page carrying the link
    source_domain TEXT NOT NULL, -- domain carrying the link
    anchor_text TEXT NOT NULL, -- anchor text
    domain_rating DOUBLE PRECISION, -- Ahrefs DR of the source domain
    tier INTEGER NOT NULL CONSTRAINT ck_sag_backlinks_tier CHECK (tier BETWEEN 1 AND 3), -- tier of the target page (1-3)
    status TEXT NOT NULL CONSTRAINT ck_sag_backlinks_status CHECK (status IN ('planned', 'ordered', 'delivered', 'live', 'indexed', 'lost', 'rejected')), -- link state
    cost_cents BIGINT NOT NULL, -- cost of the link in cents
    currency TEXT NOT NULL DEFAULT 'USD' CONSTRAINT ck_sag_backlinks_currency CHECK (length(currency) = 3), -- ISO 4217 currency code of the *_cents amounts
    quality_score DOUBLE PRECISION CONSTRAINT ck_sag_backlinks_quality_score CHECK (quality_score BETWEEN 0 AND 100), -- quality score 0-100
    ordered_at TIMESTAMP, -- time ordered (UTC)
    delivered_at TIMESTAMP, -- time delivered (UTC)
    live_at TIMESTAMP, -- time first seen live (UTC)
    indexed_at TIMESTAMP, -- time first seen indexed (UTC)
    last_checked_at TIMESTAMP, -- time of the last liveness check (UTC)
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_sag_backlinks_account_id ON igny8_sag_backlinks (account_id);
CREATE INDEX ix_sag_backlinks_site_id_created_at ON igny8_sag_backlinks (site_id, created_at);
CREATE INDEX ix_sag_backlinks_order_id ON igny8_sag_backlinks (order_id);
CREATE INDEX ix_sag_backlinks_campaign_id ON igny8_sag_backlinks (campaign_id);
CREATE INDEX ix_sag_backlinks_status ON igny8_sag_backlinks (status);

-- Daily KPI snapshots of a SAG campaign.
CREATE TABLE igny8_campaign_kpi_snapshots (
    id BIGSERIAL PRIMARY KEY, -- primary key
    campaign_id BIGINT NOT NULL REFERENCES igny8_sag_campaigns(id) ON DELETE CASCADE, -- campaign measured
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    snapshot_date DATE NOT NULL, -- day the snapshot describes
    links_live INTEGER NOT NULL, -- live links on that day
    referring_domains INTEGER NOT NULL, -- referring domains on that day
    avg_domain_rating DOUBLE PRECISION, -- average DR of live links
    organic_clicks BIGINT NOT NULL, -- organic clicks on that day
    tipping_point_reached BOOLEAN NOT NULL DEFAULT FALSE, -- campaign reached its tipping point
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE UNIQUE INDEX ux_campaign_kpi_snapshots_campaign_id_snapshot_date ON igny8_campaign_kpi_snapshots (campaign_id, snapshot_date);
CREATE INDEX ix_campaign_kpi_snapshots_site_id_snapshot_date ON igny8_campaign_kpi_snapshots (site_id, snapshot_date);

-- Ahrefs domain metrics of a site, one row per day.
CREATE TABLE igny8_ahrefs_domain_snapshots (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    snapshot_date DATE NOT NULL, -- day the snapshot describes
    domain_rating DOUBLE PRECISION NOT NULL, -- Ahrefs domain rating 0-100
    ahrefs_rank BIGINT, -- Ahrefs rank
    referring_domains INTEGER NOT NULL, -- referring domains
    backlinks BIGINT NOT NULL, -- total backlinks
    organic_keywords INTEGER NOT NULL, -- ranking organic keywords
    organic_traffic BIGINT NOT NULL, -- estimated monthly organic traffic
    traffic_value_cents BIGINT NOT NULL, -- estimated traffic value in USD cents
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE UNIQUE INDEX ux_ahrefs_domain_snapshots_site_id_snapshot_date ON igny8_ahrefs_domain_snapshots (site_id, snapshot_date);
CREATE INDEX ix_ahrefs_domain_snapshots_account_id ON igny8_ahrefs_domain_snapshots (account_id);

-- Requests to get a backlink URL indexed.
CREATE TABLE igny8_backlink_indexing_requests (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    backlink_id BIGINT REFERENCES igny8_sag_backlinks(id) ON DELETE SET NULL, -- backlink being indexed
    url TEXT NOT NULL, -- URL submitted for indexing
    provider TEXT NOT NULL CONSTRAINT ck_backlink_indexing_requests_provider CHECK (provider IN ('gsc_inspection', 'indexing_service', 'manual')), -- indexing method
    status TEXT NOT NULL CONSTRAINT ck_backlink_indexing_requests_status CHECK (status IN ('pending', 'submitted', 'indexed', 'failed')), -- request state
    attempts INTEGER NOT NULL DEFAULT 0, -- submission attempts so far
    submitted_at TIMESTAMP, -- last submission time (UTC)
    checked_at TIMESTAMP, -- last status check (UTC)
    indexed_at TIMESTAMP, -- time confirmed indexed (UTC)
    last_error TEXT, -- last error message
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_backlink_indexing_requests_account_id ON igny8_backlink_indexing_requests (account_id);
CREATE INDEX ix_backlink_indexing_requests_site_id_created_at ON igny8_backlink_indexing_requests (site_id, created_at);
CREATE INDEX ix_backlink_indexing_requests_status ON igny8_backlink_indexing_requests (status);
CREATE INDEX ix_backlink_indexing_requests_backlink_id ON igny8_backlink_indexing_requests (backlink_id);

-- Invoices issued to accounts.
CREATE TABLE igny8_invoices (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    subscription_id BIGINT REFERENCES igny8_managed_service_subscriptions(id) ON DELETE SET NULL, -- managed subscription billed
    invoice_number TEXT NOT NULL, -- human invoice number, unique
    invoice_type TEXT NOT NULL CONSTRAINT ck_invoices_invoice_type CHECK (invoice_type IN ('subscription', 'credit_package', 'addon', 'custom')), -- what is billed
    status TEXT NOT NULL CONSTRAINT ck_invoices_status CHECK (status IN ('draft', 'pending', 'paid', 'void', 'uncollectible')), -- invoice state
    currency TEXT NOT NULL DEFAULT 'USD' CONSTRAINT ck_invoices_currency CHECK (length(currency) = 3), -- ISO 4217 currency code of the *_cents amounts
    subtotal_cents BIGINT NOT NULL, -- subtotal in cents
    tax_cents BIGINT NOT NULL, -- tax in cents
    total_cents BIGINT NOT NULL, -- total in cents
    issued_at TIMESTAMP NOT NULL, -- issue time (UTC)
    due_date DATE NOT NULL, -- payment due date
    paid_at TIMESTAMP, -- time paid (UTC)
    expires_at TIMESTAMP, -- time the invoice lapses (UTC)
    void_reason TEXT, -- why the invoice was voided
    line_items TEXT NOT NULL DEFAULT '[]', -- JSON array of line items
    metadata TEXT NOT NULL DEFAULT '{}', -- JSON object of extra data
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE UNIQUE INDEX ux_invoices_invoice_number ON igny8_invoices (invoice_number);
CREATE INDEX ix_invoices_account_id_issued_at ON igny8_invoices (account_id, issued_at);
CREATE INDEX ix_invoices_status_paid_at ON igny8_invoices (status, paid_at);
CREATE INDEX ix_invoices_subscription_id ON igny8_invoices (subscription_id);

-- Payments against invoices.
CREATE TABLE igny8_payments (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    invoice_id BIGINT NOT NULL REFERENCES igny8_invoices(id) ON DELETE CASCADE, -- invoice paid
    amount_cents BIGINT NOT NULL, -- amount in cents
    currency TEXT NOT NULL DEFAULT 'USD' CONSTRAINT ck_payments_currency CHECK (length(currency) = 3), -- ISO 4217 currency code of the *_cents amounts
    status TEXT NOT NULL CONSTRAINT ck_payments_status CHECK (status IN ('pending_approval', 'succeeded', 'failed', 'refunded')), -- payment state
    payment_method TEXT NOT NULL CONSTRAINT ck_payments_payment_method CHECK (payment_method IN ('stripe', 'paypal', 'bank_transfer', 'local_wallet', 'manual')), -- how it was paid
    transaction_reference TEXT, -- processor or bank reference
    processed_at TIMESTAMP, -- time processed (UTC)
    metadata TEXT NOT NULL DEFAULT '{}', -- JSON object of extra data
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE INDEX ix_payments_invoice_id ON igny8_payments (invoice_id);
CREATE INDEX ix_payments_account_id_processed_at ON igny8_payments (account_id, processed_at);

-- Content items (posts, pages, products, taxonomies) of a site.
CREATE TABLE igny8_content (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    sector_id BIGINT REFERENCES igny8_sectors(id) ON DELETE SET NULL, -- sector
    title TEXT NOT NULL, -- title
    slug TEXT NOT NULL, -- URL slug, unique per site
    content_type TEXT NOT NULL CONSTRAINT ck_content_content_type CHECK (content_type IN ('post', 'page', 'product', 'taxonomy')), -- content type
    content_structure TEXT NOT NULL CONSTRAINT ck_content_content_structure CHECK (content_structure IN ('article', 'guide', 'comparison', 'review', 'listicle', 'landing_page', 'business_page', 'service_page', 'general', 'cluster_hub', 'product_page', 'category_archive', 'tag_archive', 'attribute_archive')), -- content structure
    status TEXT NOT NULL CONSTRAINT ck_content_status CHECK (status IN ('draft', 'review', 'approved', 'published')), -- editorial state
    word_count INTEGER NOT NULL, -- word count
    images_count INTEGER NOT NULL, -- number of images
    sag_cluster_id BIGINT REFERENCES igny8_sag_clusters(id) ON DELETE SET NULL, -- SAG cluster the item belongs to
    external_url TEXT, -- published URL
    published_at TIMESTAMP, -- publication time (UTC)
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE UNIQUE INDEX ux_content_site_id_slug ON igny8_content (site_id, slug);
CREATE INDEX ix_content_account_id ON igny8_content (account_id);
CREATE INDEX ix_content_site_id_published_at ON igny8_content (site_id, published_at);
CREATE INDEX ix_content_site_id_status ON igny8_content (site_id, status);
CREATE INDEX ix_content_sector_id ON igny8_content (sector_id);
CREATE INDEX ix_content_sag_cluster_id ON igny8_content (sag_cluster_id);

-- Google URL Inspection API results.
CREATE TABLE igny8_url_inspection_records (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    content_id BIGINT REFERENCES igny8_content(id) ON DELETE SET NULL, -- content item inspected
    url TEXT NOT NULL, -- inspected URL
    verdict TEXT NOT NULL CONSTRAINT ck_url_inspection_records_verdict CHECK (verdict IN ('PASS', 'PARTIAL', 'FAIL', 'NEUTRAL', 'VERDICT_UNSPECIFIED')), -- inspection verdict
    coverage_state TEXT, -- coverage state text from the API
    indexing_state TEXT, -- indexing state from the API
    last_crawl_time TIMESTAMP, -- Google's last crawl time (UTC)
    inspected_at TIMESTAMP NOT NULL, -- inspection time (UTC)
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE INDEX ix_url_inspection_records_account_id ON igny8_url_inspection_records (account_id);
CREATE INDEX ix_url_inspection_records_site_id_inspected_at ON igny8_url_inspection_records (site_id, inspected_at);
CREATE INDEX ix_url_inspection_records_site_id_url ON igny8_url_inspection_records (site_id, url);
CREATE INDEX ix_url_inspection_records_content_id ON igny8_url_inspection_records (content_id);

-- Cached Google Search Console metrics per day (large table).
CREATE TABLE igny8_gsc_metrics_cache (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    metric_date DATE NOT NULL, -- day the metrics describe
    dimension TEXT NOT NULL CONSTRAINT ck_gsc_metrics_cache_dimension CHECK (dimension IN ('total', 'query', 'page')), -- row kind
    dimension_value TEXT NOT NULL DEFAULT '', -- query or page URL; '' for total rows
    clicks BIGINT NOT NULL, -- clicks
    impressions BIGINT NOT NULL, -- impressions
    ctr DOUBLE PRECISION NOT NULL CONSTRAINT ck_gsc_metrics_cache_ctr CHECK (ctr BETWEEN 0 AND 1), -- click-through rate, fraction 0-1
    position DOUBLE PRECISION, -- average position; NULL when impressions = 0
    fetched_at TIMESTAMP NOT NULL -- time fetched from GSC (UTC)
);
CREATE UNIQUE INDEX ux_gsc_metrics_cache_site_id_metric_date_dim_value ON igny8_gsc_metrics_cache (site_id, metric_date, dimension, dimension_value);

-- Social media posts of a site.
CREATE TABLE igny8_social_posts (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    content_id BIGINT REFERENCES igny8_content(id) ON DELETE SET NULL, -- content item promoted
    platform TEXT NOT NULL CONSTRAINT ck_social_posts_platform CHECK (platform IN ('linkedin', 'twitter', 'facebook', 'instagram', 'tiktok')), -- social network
    body TEXT NOT NULL, -- post text
    status TEXT NOT NULL CONSTRAINT ck_social_posts_status CHECK (status IN ('draft', 'scheduled', 'published', 'failed')), -- post state
    scheduled_at TIMESTAMP, -- scheduled time (UTC)
    published_at TIMESTAMP, -- publication time (UTC)
    external_url TEXT, -- URL of the published post
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_social_posts_account_id ON igny8_social_posts (account_id);
CREATE INDEX ix_social_posts_site_id_published_at ON igny8_social_posts (site_id, published_at);
CREATE INDEX ix_social_posts_content_id ON igny8_social_posts (content_id);

-- Daily engagement numbers of a social post.
CREATE TABLE igny8_social_engagements (
    id BIGSERIAL PRIMARY KEY, -- primary key
    post_id BIGINT NOT NULL REFERENCES igny8_social_posts(id) ON DELETE CASCADE, -- post measured
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    captured_on DATE NOT NULL, -- day the numbers describe
    impressions BIGINT NOT NULL, -- impressions
    likes INTEGER NOT NULL, -- likes
    comments INTEGER NOT NULL, -- comments
    shares INTEGER NOT NULL, -- shares
    clicks INTEGER NOT NULL, -- link clicks
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE UNIQUE INDEX ux_social_engagements_post_id_captured_on ON igny8_social_engagements (post_id, captured_on);
CREATE INDEX ix_social_engagements_site_id_captured_on ON igny8_social_engagements (site_id, captured_on);

-- Work items of the automation pipeline.
CREATE TABLE igny8_automation_queue (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    item_type TEXT NOT NULL CONSTRAINT ck_automation_queue_item_type CHECK (item_type IN ('content', 'backlink', 'social', 'inspection', 'refresh')), -- kind of work
    title TEXT NOT NULL, -- short description
    status TEXT NOT NULL CONSTRAINT ck_automation_queue_status CHECK (status IN ('queued', 'scheduled', 'running', 'done', 'failed', 'cancelled')), -- item state
    priority INTEGER NOT NULL, -- higher runs first
    scheduled_for DATE, -- day the item is planned for
    payload TEXT NOT NULL DEFAULT '{}', -- JSON object with item parameters
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_automation_queue_account_id ON igny8_automation_queue (account_id);
CREATE INDEX ix_automation_queue_site_id_scheduled_for ON igny8_automation_queue (site_id, scheduled_for);

-- Items waiting for client approval.
CREATE TABLE igny8_approval_items (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    item_type TEXT NOT NULL CONSTRAINT ck_approval_items_item_type CHECK (item_type IN ('blueprint', 'content', 'campaign')), -- kind of object to approve
    object_id BIGINT, -- id of the object in its table (by item_type)
    title TEXT NOT NULL, -- short description
    status TEXT NOT NULL CONSTRAINT ck_approval_items_status CHECK (status IN ('pending', 'approved', 'rejected')), -- decision state
    requested_at TIMESTAMP NOT NULL, -- time approval was requested (UTC)
    decided_at TIMESTAMP, -- time decided (UTC)
    decided_by BIGINT REFERENCES igny8_users(id) ON DELETE SET NULL, -- user who decided
    note TEXT, -- decision note
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_approval_items_account_id_status ON igny8_approval_items (account_id, status);
CREATE INDEX ix_approval_items_site_id_requested_at ON igny8_approval_items (site_id, requested_at);
CREATE INDEX ix_approval_items_decided_by ON igny8_approval_items (decided_by);

-- White-label branding of an agency account.
CREATE TABLE igny8_agency_branding (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    created_by BIGINT REFERENCES igny8_users(id) ON DELETE SET NULL, -- user who created the row
    brand_name TEXT NOT NULL CONSTRAINT ck_agency_branding_brand_name CHECK (length(brand_name) <= 200), -- agency name (max 200 chars)
    brand_logo_url TEXT NOT NULL DEFAULT '', -- logo URL
    primary_color TEXT NOT NULL CONSTRAINT ck_agency_branding_primary_color CHECK (length(primary_color) = 7), -- primary hex colour, #RRGGBB
    secondary_color TEXT NOT NULL CONSTRAINT ck_agency_branding_secondary_color CHECK (length(secondary_color) = 7), -- secondary hex colour, #RRGGBB
    contact_email TEXT NOT NULL DEFAULT '', -- agency contact email
    contact_phone TEXT NOT NULL DEFAULT '', -- agency phone
    website_url TEXT NOT NULL DEFAULT '', -- agency website
    footer_text TEXT NOT NULL DEFAULT '', -- custom report footer
    is_active BOOLEAN NOT NULL DEFAULT TRUE, -- branding is active
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_agency_branding_account_id ON igny8_agency_branding (account_id);
CREATE INDEX ix_agency_branding_created_by ON igny8_agency_branding (created_by);

-- HTML/CSS templates for service reports.
CREATE TABLE igny8_report_templates (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    created_by BIGINT REFERENCES igny8_users(id) ON DELETE SET NULL, -- user who created the row
    name TEXT NOT NULL CONSTRAINT ck_report_templates_name CHECK (length(name) <= 200), -- template name (max 200 chars)
    template_html TEXT NOT NULL, -- base HTML template (handlebars)
    template_css TEXT NOT NULL DEFAULT '', -- custom CSS
    theme TEXT NOT NULL DEFAULT 'light' CONSTRAINT ck_report_templates_theme CHECK (theme IN ('light', 'dark')), -- colour theme
    is_default BOOLEAN NOT NULL DEFAULT FALSE, -- default template
    branding_id BIGINT REFERENCES igny8_agency_branding(id) ON DELETE SET NULL, -- agency branding the template belongs to
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE INDEX ix_report_templates_account_id ON igny8_report_templates (account_id);
CREATE INDEX ix_report_templates_created_by ON igny8_report_templates (created_by);
CREATE INDEX ix_report_templates_branding_id ON igny8_report_templates (branding_id);

-- Generated service reports (report_data is the frozen JSON of all sections).
CREATE TABLE igny8_service_reports (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    created_by BIGINT REFERENCES igny8_users(id) ON DELETE SET NULL, -- user who requested the report; NULL = scheduler
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site reported on
    managed_subscription_id BIGINT REFERENCES igny8_managed_service_subscriptions(id) ON DELETE SET NULL, -- managed subscription reported on
    report_type TEXT NOT NULL CONSTRAINT ck_service_reports_report_type CHECK (report_type IN ('weekly', 'monthly', 'quarterly')), -- report cadence
    period_start DATE NOT NULL, -- first day of the period
    period_end DATE NOT NULL, -- last day of the period
    report_data TEXT NOT NULL DEFAULT '{}', -- JSON object of all sections for the period
    report_pdf_url TEXT NOT NULL DEFAULT '', -- PDF download URL (authorized endpoint)
    pdf_object_key TEXT NOT NULL DEFAULT '', -- object-store key of the PDF
    pdf_size_bytes BIGINT, -- PDF size in bytes
    pdf_sha256 TEXT, -- sha-256 hex of the PDF
    is_white_label BOOLEAN NOT NULL DEFAULT FALSE, -- rendered with agency branding
    branding_id BIGINT REFERENCES igny8_agency_branding(id) ON DELETE SET NULL, -- agency branding used
    template_id BIGINT REFERENCES igny8_report_templates(id) ON DELETE SET NULL, -- template used
    theme TEXT NOT NULL CONSTRAINT ck_service_reports_theme CHECK (theme IN ('light', 'dark')), -- colour theme
    sections_included TEXT NOT NULL DEFAULT '[]', -- JSON array of included section keys
    status TEXT NOT NULL DEFAULT 'generated' CONSTRAINT ck_service_reports_status CHECK (status IN ('generated', 'failed', 'sending', 'sent')), -- report state
    error TEXT, -- failure message
    generated_at TIMESTAMP NOT NULL, -- generation time (UTC)
    sent_at TIMESTAMP, -- time emailed (UTC)
    sent_to TEXT NOT NULL DEFAULT '[]', -- JSON array of recipient emails
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL, -- last update time (UTC)
    CONSTRAINT ck_service_reports_period CHECK (period_end >= period_start) -- period must not end before it starts
);
CREATE INDEX ix_service_reports_site_id_period_start ON igny8_service_reports (site_id, period_start);
CREATE INDEX ix_service_reports_account_id_generated_at ON igny8_service_reports (account_id, generated_at);
CREATE INDEX ix_service_reports_status ON igny8_service_reports (status);
CREATE INDEX ix_service_reports_created_by ON igny8_service_reports (created_by);
CREATE INDEX ix_service_reports_managed_subscription_id ON igny8_service_reports (managed_subscription_id);
CREATE INDEX ix_service_reports_branding_id ON igny8_service_reports (branding_id);
CREATE INDEX ix_service_reports_template_id ON igny8_service_reports (template_id);

-- Nightly pre-aggregated report metrics per site and day.
CREATE TABLE igny8_report_metric_snapshots (
    id BIGSERIAL PRIMARY KEY, -- primary key
    site_id BIGINT NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site this row belongs to
    snapshot_date DATE NOT NULL, -- day the metrics describe
    metrics TEXT NOT NULL DEFAULT '{}', -- JSON object of aggregated metrics
    computed_at TIMESTAMP NOT NULL -- computation time (UTC)
);
CREATE UNIQUE INDEX ux_report_metric_snapshots_site_id_snapshot_date ON igny8_report_metric_snapshots (site_id, snapshot_date);

-- Scheduler ledger: one claim per job x scope x period (exactly-once across replicas).
CREATE TABLE igny8_job_runs (
    id BIGSERIAL PRIMARY KEY, -- primary key
    job_name TEXT NOT NULL, -- scheduled job name
    scope_key TEXT NOT NULL, -- 'account:12', 'site:7' or 'global'
    period_key TEXT NOT NULL, -- period, e.g. '2026-W45', '2026-10', '2026-11-27'
    status TEXT NOT NULL CONSTRAINT ck_job_runs_status CHECK (status IN ('claimed', 'running', 'succeeded', 'failed', 'skipped')), -- run state
    attempts INTEGER NOT NULL DEFAULT 0, -- attempts so far
    claimed_by TEXT NOT NULL, -- replica id holding the claim
    claimed_at TIMESTAMP NOT NULL, -- claim time (UTC)
    started_at TIMESTAMP, -- start time (UTC)
    finished_at TIMESTAMP, -- finish time (UTC)
    duration_ms BIGINT, -- run duration in milliseconds
    error TEXT, -- failure message
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE UNIQUE INDEX ux_job_runs_job_name_scope_key_period_key ON igny8_job_runs (job_name, scope_key, period_key);
CREATE INDEX ix_job_runs_status ON igny8_job_runs (status);

-- Outgoing email queue (one row per report x recipient).
CREATE TABLE igny8_email_outbox (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    report_id BIGINT REFERENCES igny8_service_reports(id) ON DELETE SET NULL, -- report attached
    recipient TEXT NOT NULL, -- recipient email
    subject TEXT NOT NULL, -- subject line
    message_id TEXT NOT NULL, -- RFC 5322 Message-ID, unique
    status TEXT NOT NULL CONSTRAINT ck_email_outbox_status CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')), -- delivery state
    attempts INTEGER NOT NULL DEFAULT 0, -- delivery attempts so far
    next_attempt_at TIMESTAMP NOT NULL, -- earliest next delivery attempt (UTC)
    last_error TEXT, -- last delivery error
    sent_at TIMESTAMP, -- time sent (UTC)
    created_at TIMESTAMP NOT NULL, -- row creation time (UTC)
    updated_at TIMESTAMP NOT NULL -- last update time (UTC)
);
CREATE UNIQUE INDEX ux_email_outbox_message_id ON igny8_email_outbox (message_id);
CREATE UNIQUE INDEX ux_email_outbox_report_id_recipient ON igny8_email_outbox (report_id, recipient);
CREATE INDEX ix_email_outbox_account_id ON igny8_email_outbox (account_id);
CREATE INDEX ix_email_outbox_status_next_attempt_at ON igny8_email_outbox (status, next_attempt_at);

-- Signed, expiring share links to a report (only the token hash is stored).
CREATE TABLE igny8_share_links (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    report_id BIGINT NOT NULL REFERENCES igny8_service_reports(id) ON DELETE CASCADE, -- shared report
    created_by BIGINT REFERENCES igny8_users(id) ON DELETE SET NULL, -- user who created the link
    token_hash TEXT NOT NULL, -- sha-256 hex of the link token
    expires_at TIMESTAMP NOT NULL, -- expiry (UTC)
    revoked_at TIMESTAMP, -- revocation time (UTC); NULL = valid
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE UNIQUE INDEX ux_share_links_token_hash ON igny8_share_links (token_hash);
CREATE INDEX ix_share_links_account_id ON igny8_share_links (account_id);
CREATE INDEX ix_share_links_report_id ON igny8_share_links (report_id);
CREATE INDEX ix_share_links_created_by ON igny8_share_links (created_by);

-- Security and admin audit trail.
CREATE TABLE igny8_audit_log (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT REFERENCES igny8_accounts(id) ON DELETE SET NULL, -- account acted in; NULL = none/deleted
    user_id BIGINT REFERENCES igny8_users(id) ON DELETE SET NULL, -- acting user; NULL = system/deleted
    action TEXT NOT NULL, -- action, e.g. login, logout, token.create
    object_type TEXT, -- type of the object acted on
    object_id BIGINT, -- id of the object acted on
    detail TEXT NOT NULL DEFAULT '{}', -- JSON object with details
    ip TEXT, -- client IP
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE INDEX ix_audit_log_account_id_created_at ON igny8_audit_log (account_id, created_at);
CREATE INDEX ix_audit_log_user_id ON igny8_audit_log (user_id);
