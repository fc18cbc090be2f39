//! One diesel schema for both backends (SQLite and PostgreSQL); see migrations/.
//!
//! Hand-written: column order must equal the CREATE TABLE order in migrations/sqlite/ and
//! migrations/postgres/ (Queryable maps by position). Only types both backends share are used.

diesel::table! {
    /// Subscription plans (core: Free $0, Starter $49, Growth $149, Scale $349 per month).
    igny8_plans (id) {
        /// primary key
        id -> BigInt,
        /// display name, e.g. Growth
        name -> Text,
        /// stable machine name, e.g. growth
        slug -> Text,
        /// monthly price in cents
        price_cents -> BigInt,
        /// ISO 4217 currency code of the *_cents amounts
        currency -> Text,
        /// site limit; NULL = unlimited
        max_sites -> Nullable<Integer>,
        /// user limit; NULL = unlimited
        max_users -> Nullable<Integer>,
        /// credits granted per billing period
        included_credits -> Integer,
        /// plan can be chosen by new accounts
        is_active -> Bool,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Tenants: one customer organisation (or agency).
    igny8_accounts (id) {
        /// primary key
        id -> BigInt,
        /// organisation name
        name -> Text,
        /// URL-safe unique handle
        slug -> Text,
        /// current plan; NULL = none
        plan_id -> Nullable<BigInt>,
        /// account lifecycle state
        status -> Text,
        /// IANA time zone for schedules and reports
        account_timezone -> Text,
        /// JSON array of enabled gates, e.g. ["reports","white_label"]
        feature_gates -> Text,
        /// agency account (may white-label reports)
        is_agency -> Bool,
        /// current credit balance
        credits -> BigInt,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// People who sign in; each belongs to one account.
    igny8_users (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// sign-in email, stored lower-case
        email -> Text,
        /// given name
        first_name -> Text,
        /// family name
        last_name -> Text,
        /// argon2 PHC string
        password_hash -> Text,
        /// role within the account
        role -> Text,
        /// Alorig staff (platform admin)
        is_staff -> Bool,
        /// only the sites in igny8_site_user_access (none left = no site)
        site_restricted -> Bool,
        /// may sign in
        is_active -> Bool,
        /// last successful sign-in (UTC)
        last_login_at -> Nullable<Timestamp>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Browser sessions (cookie value is never stored, only its hash).
    igny8_sessions (id) {
        /// primary key
        id -> BigInt,
        /// signed-in user
        user_id -> BigInt,
        /// sha-256 hex of the session cookie value
        token_hash -> Text,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// session expiry (UTC)
        expires_at -> Timestamp,
        /// last request seen on this session (UTC)
        last_seen_at -> Timestamp,
        /// User-Agent at sign-in
        user_agent -> Nullable<Text>,
        /// client IP at sign-in
        ip -> Nullable<Text>,
    }
}

diesel::table! {
    /// Personal API tokens (only a hash and a display prefix are stored).
    igny8_api_tokens (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// user the token acts as
        user_id -> BigInt,
        /// label given by the user
        name -> Text,
        /// first characters of the token, shown in lists
        token_prefix -> Text,
        /// sha-256 hex of the full token
        token_hash -> Text,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last authenticated use (UTC)
        last_used_at -> Nullable<Timestamp>,
        /// expiry (UTC); NULL = never
        expires_at -> Nullable<Timestamp>,
        /// revocation time (UTC); NULL = valid
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Websites managed by an account.
    igny8_sites (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// display name
        name -> Text,
        /// bare domain, e.g. example.com
        domain -> Text,
        /// industry label
        industry -> Nullable<Text>,
        /// site is active
        is_active -> Bool,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Site restriction: a user with rows here may only see those sites.
    igny8_site_user_access (id) {
        /// primary key
        id -> BigInt,
        /// restricted user
        user_id -> BigInt,
        /// site the user may access
        site_id -> BigInt,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Platform-wide feature switches.
    igny8_feature_flags (id) {
        /// primary key
        id -> BigInt,
        /// flag name, e.g. managed_services_enabled
        name -> Text,
        /// flag is on
        enabled -> Bool,
        /// what the flag controls
        description -> Text,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Sectors (topic areas) within a site.
    igny8_sectors (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// sector name
        name -> Text,
        /// free-text description
        description -> Text,
        /// sector is active
        is_active -> Bool,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Managed-service subscription of one site (Lite / Pro).
    igny8_managed_service_subscriptions (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// managed site (one subscription per site)
        site_id -> BigInt,
        /// service tier
        tier -> Text,
        /// subscription state
        status -> Text,
        /// price per billing interval in cents
        price_cents -> BigInt,
        /// Alorig delivery cost per billing interval in cents
        cost_cents -> BigInt,
        /// ISO 4217 currency code of the *_cents amounts
        currency -> Text,
        /// billing interval
        billing_interval -> Text,
        /// articles delivered per month
        articles_per_month -> Integer,
        /// backlinks delivered per month
        backlinks_per_month -> Integer,
        /// client must approve deliverables
        review_required -> Bool,
        /// service start date
        started_on -> Date,
        /// next renewal date
        renewal_date -> Date,
        /// cancellation time (UTC)
        cancelled_at -> Nullable<Timestamp>,
        /// JSON array of report recipient emails
        report_recipients -> Text,
        /// JSON object of service settings
        config -> Text,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Backlink packages ordered from a marketplace for a site.
    igny8_backlink_service_orders (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// managed subscription that funds the order
        subscription_id -> Nullable<BigInt>,
        /// backlink package
        package -> Text,
        /// where the links are bought
        marketplace -> Text,
        /// order state
        status -> Text,
        /// number of links in the order
        links_ordered -> Integer,
        /// price charged to the client in cents
        price_cents -> BigInt,
        /// marketplace cost in cents
        cost_cents -> BigInt,
        /// ISO 4217 currency code of the *_cents amounts
        currency -> Text,
        /// order placement time (UTC)
        ordered_at -> Timestamp,
        /// promised delivery date
        due_date -> Date,
        /// delivery time (UTC)
        delivered_at -> Nullable<Timestamp>,
        /// internal notes
        notes -> Text,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// SAG blueprints: the planned site architecture of a site.
    igny8_sag_blueprints (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// blueprint name
        name -> Text,
        /// blueprint state
        status -> Text,
        /// blueprint version number
        version -> Integer,
        /// SAG health score 0-100
        sag_health_score -> Nullable<Double>,
        /// time of the last health computation (UTC)
        last_health_check -> Nullable<Timestamp>,
        /// JSON array of {topic, cluster, priority}
        content_gaps -> Text,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// SAG clusters (topic hubs) of a blueprint.
    igny8_sag_clusters (id) {
        /// primary key
        id -> BigInt,
        /// owning blueprint
        blueprint_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// cluster name
        name -> Text,
        /// cluster kind
        cluster_type -> Text,
        /// build-out state
        status -> Text,
        /// content structure of the hub page
        hub_page_type -> Text,
        /// articles planned for the cluster
        target_articles -> Integer,
        /// articles published so far
        published_articles -> Integer,
        /// internal-link coverage score
        link_coverage_score -> Nullable<Double>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// SAG backlink campaigns of a site.
    igny8_sag_campaigns (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// blueprint the campaign supports
        blueprint_id -> Nullable<BigInt>,
        /// campaign name
        name -> Text,
        /// target country, ISO 3166-1 alpha-2
        country -> Text,
        /// campaign state
        status -> Text,
        /// links to build per month
        monthly_link_target -> Integer,
        /// campaign budget in cents
        budget_cents -> BigInt,
        /// ISO 4217 currency code of the *_cents amounts
        currency -> Text,
        /// campaign start date
        starts_on -> Date,
        /// campaign end date; NULL = open-ended
        ends_on -> Nullable<Date>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Individual backlinks (planned -> ordered -> delivered -> live -> indexed).
    igny8_sag_backlinks (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// campaign the link belongs to
        campaign_id -> Nullable<BigInt>,
        /// marketplace order that bought the link
        order_id -> Nullable<BigInt>,
        /// page on the client site the link points to
        target_url -> Text,
        /// page carrying the link
        source_url -> Text,
        /// domain carrying the link
        source_domain -> Text,
        /// anchor text
        anchor_text -> Text,
        /// Ahrefs DR of the source domain
        domain_rating -> Nullable<Double>,
        /// tier of the target page (1-3)
        tier -> Integer,
        /// link state
        status -> Text,
        /// cost of the link in cents
        cost_cents -> BigInt,
        /// ISO 4217 currency code of the *_cents amounts
        currency -> Text,
        /// quality score 0-100
        quality_score -> Nullable<Double>,
        /// time ordered (UTC)
        ordered_at -> Nullable<Timestamp>,
        /// time delivered (UTC)
        delivered_at -> Nullable<Timestamp>,
        /// time first seen live (UTC)
        live_at -> Nullable<Timestamp>,
        /// time first seen indexed (UTC)
        indexed_at -> Nullable<Timestamp>,
        /// time of the last liveness check (UTC)
        last_checked_at -> Nullable<Timestamp>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Daily KPI snapshots of a SAG campaign.
    igny8_campaign_kpi_snapshots (id) {
        /// primary key
        id -> BigInt,
        /// campaign measured
        campaign_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// day the snapshot describes
        snapshot_date -> Date,
        /// live links on that day
        links_live -> Integer,
        /// referring domains on that day
        referring_domains -> Integer,
        /// average DR of live links
        avg_domain_rating -> Nullable<Double>,
        /// organic clicks on that day
        organic_clicks -> BigInt,
        /// campaign reached its tipping point
        tipping_point_reached -> Bool,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Ahrefs domain metrics of a site, one row per day.
    igny8_ahrefs_domain_snapshots (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// day the snapshot describes
        snapshot_date -> Date,
        /// Ahrefs domain rating 0-100
        domain_rating -> Nullable<Double>,
        /// Ahrefs rank
        ahrefs_rank -> Nullable<BigInt>,
        /// referring domains
        referring_domains -> Nullable<Integer>,
        /// total backlinks
        backlinks -> Nullable<BigInt>,
        /// ranking organic keywords
        organic_keywords -> Nullable<Integer>,
        /// estimated monthly organic traffic
        organic_traffic -> Nullable<BigInt>,
        /// estimated traffic value in USD cents
        traffic_value_cents -> Nullable<BigInt>,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Requests to get a backlink URL indexed.
    igny8_backlink_indexing_requests (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// backlink being indexed
        backlink_id -> Nullable<BigInt>,
        /// URL submitted for indexing
        url -> Text,
        /// indexing method
        provider -> Text,
        /// request state
        status -> Text,
        /// submission attempts so far
        attempts -> Integer,
        /// last submission time (UTC)
        submitted_at -> Nullable<Timestamp>,
        /// last status check (UTC)
        checked_at -> Nullable<Timestamp>,
        /// time confirmed indexed (UTC)
        indexed_at -> Nullable<Timestamp>,
        /// last error message
        last_error -> Nullable<Text>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Invoices issued to accounts.
    igny8_invoices (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// managed subscription billed
        subscription_id -> Nullable<BigInt>,
        /// human invoice number, unique
        invoice_number -> Text,
        /// what is billed
        invoice_type -> Text,
        /// invoice state
        status -> Text,
        /// ISO 4217 currency code of the *_cents amounts
        currency -> Text,
        /// subtotal in cents
        subtotal_cents -> BigInt,
        /// tax in cents
        tax_cents -> BigInt,
        /// total in cents
        total_cents -> BigInt,
        /// issue time (UTC)
        issued_at -> Timestamp,
        /// payment due date
        due_date -> Date,
        /// time paid (UTC)
        paid_at -> Nullable<Timestamp>,
        /// time the invoice lapses (UTC)
        expires_at -> Nullable<Timestamp>,
        /// why the invoice was voided
        void_reason -> Nullable<Text>,
        /// JSON array of line items
        line_items -> Text,
        /// JSON object of extra data
        metadata -> Text,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Payments against invoices.
    igny8_payments (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// invoice paid
        invoice_id -> BigInt,
        /// amount in cents
        amount_cents -> BigInt,
        /// ISO 4217 currency code of the *_cents amounts
        currency -> Text,
        /// payment state
        status -> Text,
        /// how it was paid
        payment_method -> Text,
        /// processor or bank reference
        transaction_reference -> Nullable<Text>,
        /// time processed (UTC)
        processed_at -> Nullable<Timestamp>,
        /// JSON object of extra data
        metadata -> Text,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Content items (posts, pages, products, taxonomies) of a site.
    igny8_content (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// sector
        sector_id -> Nullable<BigInt>,
        /// title
        title -> Text,
        /// URL slug, unique per site
        slug -> Text,
        /// content type
        content_type -> Text,
        /// content structure
        content_structure -> Text,
        /// editorial state
        status -> Text,
        /// word count
        word_count -> Integer,
        /// number of images
        images_count -> Integer,
        /// SAG cluster the item belongs to
        sag_cluster_id -> Nullable<BigInt>,
        /// published URL
        external_url -> Nullable<Text>,
        /// publication time (UTC)
        published_at -> Nullable<Timestamp>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Google URL Inspection API results.
    igny8_url_inspection_records (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// content item inspected
        content_id -> Nullable<BigInt>,
        /// inspected URL
        url -> Text,
        /// inspection verdict
        verdict -> Text,
        /// coverage state text from the API
        coverage_state -> Nullable<Text>,
        /// indexing state from the API
        indexing_state -> Nullable<Text>,
        /// Google's last crawl time (UTC)
        last_crawl_time -> Nullable<Timestamp>,
        /// inspection time (UTC)
        inspected_at -> Timestamp,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Cached Google Search Console metrics per day (large table).
    igny8_gsc_metrics_cache (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// day the metrics describe
        metric_date -> Date,
        /// row kind
        dimension -> Text,
        /// query, page URL, ISO 3166-1 alpha-2 country (lower case), device, or country:query ('us:dentist near me'); '' for total rows
        dimension_value -> Text,
        /// clicks
        clicks -> BigInt,
        /// impressions
        impressions -> BigInt,
        /// click-through rate, fraction 0-1
        ctr -> Double,
        /// average position; NULL when impressions = 0
        position -> Nullable<Double>,
        /// time fetched from GSC (UTC)
        fetched_at -> Timestamp,
    }
}

diesel::table! {
    /// Social media posts of a site.
    igny8_social_posts (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// content item promoted
        content_id -> Nullable<BigInt>,
        /// social network
        platform -> Text,
        /// post text
        body -> Text,
        /// post state
        status -> Text,
        /// scheduled time (UTC)
        scheduled_at -> Nullable<Timestamp>,
        /// publication time (UTC)
        published_at -> Nullable<Timestamp>,
        /// URL of the published post
        external_url -> Nullable<Text>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Daily engagement numbers of a social post.
    igny8_social_engagements (id) {
        /// primary key
        id -> BigInt,
        /// post measured
        post_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// day the numbers describe
        captured_on -> Date,
        /// impressions
        impressions -> BigInt,
        /// likes
        likes -> Integer,
        /// comments
        comments -> Integer,
        /// shares
        shares -> Integer,
        /// link clicks
        clicks -> Integer,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Work items of the automation pipeline.
    igny8_automation_queue (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// kind of work
        item_type -> Text,
        /// short description
        title -> Text,
        /// item state
        status -> Text,
        /// higher runs first
        priority -> Integer,
        /// day the item is planned for
        scheduled_for -> Nullable<Date>,
        /// JSON object with item parameters
        payload -> Text,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Items waiting for client approval.
    igny8_approval_items (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// kind of object to approve
        item_type -> Text,
        /// id of the object in its table (by item_type)
        object_id -> Nullable<BigInt>,
        /// short description
        title -> Text,
        /// decision state
        status -> Text,
        /// time approval was requested (UTC)
        requested_at -> Timestamp,
        /// time decided (UTC)
        decided_at -> Nullable<Timestamp>,
        /// user who decided
        decided_by -> Nullable<BigInt>,
        /// decision note
        note -> Nullable<Text>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,        /// an article's opening lines, or what the request says
        excerpt -> Nullable<Text>,
        /// where to read the item before deciding
        review_url -> Nullable<Text>,
    }
}

diesel::table! {
    /// White-label branding of an agency account.
    igny8_agency_branding (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// user who created the row
        created_by -> Nullable<BigInt>,
        /// agency name (max 200 chars)
        brand_name -> Text,
        /// logo URL
        brand_logo_url -> Text,
        /// primary hex colour, #RRGGBB
        primary_color -> Text,
        /// secondary hex colour, #RRGGBB
        secondary_color -> Text,
        /// agency contact email
        contact_email -> Text,
        /// agency phone
        contact_phone -> Text,
        /// agency website
        website_url -> Text,
        /// custom report footer
        footer_text -> Text,
        /// branding is active
        is_active -> Bool,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
        /// lower-case host name, e.g. reports.agency.example; NULL = none
        custom_domain -> Nullable<Text>,
        /// what /.well-known/brand-domain-verification answers on the domain
        domain_token -> Nullable<Text>,
        /// when the domain was verified (UTC); NULL = not verified
        domain_verified_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// HTML/CSS templates for service reports.
    igny8_report_templates (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// user who created the row
        created_by -> Nullable<BigInt>,
        /// template name (max 200 chars)
        name -> Text,
        /// base HTML template (handlebars)
        template_html -> Text,
        /// custom CSS
        template_css -> Text,
        /// colour theme
        theme -> Text,
        /// default template
        is_default -> Bool,
        /// agency branding the template belongs to
        branding_id -> Nullable<BigInt>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Generated service reports (report_data is the frozen JSON of all sections).
    igny8_service_reports (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// user who requested the report; NULL = scheduler
        created_by -> Nullable<BigInt>,
        /// site reported on
        site_id -> BigInt,
        /// managed subscription reported on
        managed_subscription_id -> Nullable<BigInt>,
        /// report cadence
        report_type -> Text,
        /// first day of the period
        period_start -> Date,
        /// last day of the period
        period_end -> Date,
        /// JSON object of all sections for the period
        report_data -> Text,
        /// PDF download URL (authorized endpoint)
        report_pdf_url -> Text,
        /// object-store key of the PDF
        pdf_object_key -> Text,
        /// PDF size in bytes
        pdf_size_bytes -> Nullable<BigInt>,
        /// sha-256 hex of the PDF
        pdf_sha256 -> Nullable<Text>,
        /// rendered with agency branding
        is_white_label -> Bool,
        /// agency branding used
        branding_id -> Nullable<BigInt>,
        /// template used
        template_id -> Nullable<BigInt>,
        /// colour theme
        theme -> Text,
        /// JSON array of included section keys
        sections_included -> Text,
        /// report state
        status -> Text,
        /// failure message
        error -> Nullable<Text>,
        /// generation time (UTC)
        generated_at -> Timestamp,
        /// time emailed (UTC)
        sent_at -> Nullable<Timestamp>,
        /// JSON array of recipient emails
        sent_to -> Text,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
        /// why the report may not be sent (pre-send check); NULL = it may
        hold_reason -> Nullable<Text>,
        /// JSON array of problems that did not stop rendering (e.g. a logo that could not be loaded)
        warnings -> Text,
    }
}

diesel::table! {
    /// Search Console figures over a range of days rather than by day.
    igny8_gsc_range_metrics (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// first day the figures sum
        start_date -> Date,
        /// last day the figures sum
        end_date -> Date,
        /// row kind
        dimension -> Text,
        /// as in igny8_gsc_metrics_cache; '' for total rows
        dimension_value -> Text,
        /// clicks
        clicks -> BigInt,
        /// impressions
        impressions -> BigInt,
        /// click-through rate, fraction 0-1
        ctr -> Double,
        /// average position; NULL when impressions = 0
        position -> Nullable<Double>,
        /// time imported (UTC)
        fetched_at -> Timestamp,
    }
}

diesel::table! {
    /// Month aggregates of Search Console figures for the traffic and rankings sections.
    igny8_report_gsc_months (id) {
        /// primary key
        id -> BigInt,
        /// site the figures are of
        site_id -> BigInt,
        /// first day of the calendar month (Search Console's days)
        month -> Date,
        /// what was aggregated: 'total', 'query' or 'country:<codes>'
        source -> Text,
        /// row count and latest fetched_at of the rows read; a mismatch means stale
        fingerprint -> Text,
        /// JSON, the section's own partial sums for the month
        figures -> Text,
        /// computation time (UTC)
        computed_at -> Timestamp,
    }
}

diesel::table! {
    /// Nightly pre-aggregated report metrics per site and day.
    igny8_report_metric_snapshots (id) {
        /// primary key
        id -> BigInt,
        /// site this row belongs to
        site_id -> BigInt,
        /// day the metrics describe
        snapshot_date -> Date,
        /// JSON object of aggregated metrics
        metrics -> Text,
        /// computation time (UTC)
        computed_at -> Timestamp,
    }
}

diesel::table! {
    /// Sign-in failures per (email, client address) and per address, shared by every replica.
    igny8_login_failures (key) {
        /// sha-256 hex of 'email|<address bucket>' or 'address|<address bucket>'
        key -> Text,
        /// failed attempts since the first one that is still remembered
        failures -> BigInt,
        /// first of those failures (UTC)
        first_failed_at -> Timestamp,
        /// latest failure (UTC)
        last_failed_at -> Timestamp,
        /// attempts are refused until then (UTC)
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Scheduler ledger: one claim per job x scope x period (exactly-once across replicas).
    igny8_job_runs (id) {
        /// primary key
        id -> BigInt,
        /// scheduled job name
        job_name -> Text,
        /// 'account:12', 'site:7' or 'global'
        scope_key -> Text,
        /// period, e.g. '2026-W45', '2026-10', '2026-11-27'
        period_key -> Text,
        /// run state
        status -> Text,
        /// attempts so far
        attempts -> Integer,
        /// replica id holding the claim
        claimed_by -> Text,
        /// claim time (UTC)
        claimed_at -> Timestamp,
        /// start time (UTC)
        started_at -> Nullable<Timestamp>,
        /// finish time (UTC)
        finished_at -> Nullable<Timestamp>,
        /// run duration in milliseconds
        duration_ms -> Nullable<BigInt>,
        /// failure message
        error -> Nullable<Text>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// what the run did, e.g. 'report 42', 'already generated'
        detail -> Text,
    }
}

diesel::table! {
    /// One row per late deliverable, kept open while the daily check finds it late.
    igny8_overdue_flags (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// subscription behind
        subscription_id -> BigInt,
        /// site behind
        site_id -> BigInt,
        /// what kind of deliverable
        kind -> Text,
        /// which one, e.g. 'content:2026-12', 'order:17'
        reference -> Text,
        /// what is late, in a sentence (as last checked)
        detail -> Text,
        /// when it was due
        due_on -> Date,
        /// first check that found it late (UTC)
        flagged_at -> Timestamp,
        /// last check that found it late (UTC)
        checked_at -> Timestamp,
        /// first check that found it no longer late (UTC); NULL = open
        resolved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Outgoing email queue (one row per report x recipient, or per recipient confirmation).
    igny8_email_outbox (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// report attached
        report_id -> Nullable<BigInt>,
        /// recipient email
        recipient -> Text,
        /// subject line
        subject -> Text,
        /// RFC 5322 Message-ID, unique
        message_id -> Text,
        /// delivery state
        status -> Text,
        /// delivery attempts so far
        attempts -> Integer,
        /// earliest next delivery attempt (UTC)
        next_attempt_at -> Timestamp,
        /// last delivery error
        last_error -> Nullable<Text>,
        /// time sent (UTC)
        sent_at -> Nullable<Timestamp>,
        /// row creation time (UTC)
        created_at -> Timestamp,
        /// last update time (UTC)
        updated_at -> Timestamp,
        /// the confirmation request this row emails (NULL: a report's email)
        confirmation_id -> Nullable<BigInt>,
        /// the invitation this row emails (NULL: not an invitation)
        invitation_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// Users invited by Alorig staff; the emailed link sets the password once, before it expires.
    igny8_invitations (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// the invited address (normalised, lower case)
        email -> Text,
        /// role the user gets
        role -> Text,
        /// JSON array of the only sites the user may see; NULL = every site of the account
        site_ids -> Nullable<Text>,
        /// who invited
        invited_by -> Nullable<BigInt>,
        /// sha-256 hex of the emailed token; NULL until the email is written
        token_hash -> Nullable<Text>,
        /// the link stops working then (UTC)
        expires_at -> Timestamp,
        /// when the invitation was used (UTC); NULL = open
        accepted_at -> Nullable<Timestamp>,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Report recipients added by an account's owners or admins, waiting for the address to confirm.
    igny8_recipient_confirmations (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// whose reports
        subscription_id -> BigInt,
        /// the address asked to confirm (normalised, lower case)
        email -> Text,
        /// user who added the address
        requested_by -> Nullable<BigInt>,
        /// sha-256 hex of the emailed token; NULL until the email is written
        token_hash -> Nullable<Text>,
        /// the request lapses then (UTC)
        expires_at -> Timestamp,
        /// when the address confirmed (UTC); NULL = waiting
        confirmed_at -> Nullable<Timestamp>,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Signed, expiring share links to a report (only the token hash is stored).
    igny8_share_links (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// shared report
        report_id -> BigInt,
        /// user who created the link
        created_by -> Nullable<BigInt>,
        /// sha-256 hex of the link token
        token_hash -> Text,
        /// expiry (UTC)
        expires_at -> Timestamp,
        /// revocation time (UTC); NULL = valid
        revoked_at -> Nullable<Timestamp>,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Security and admin audit trail.
    igny8_audit_log (id) {
        /// primary key
        id -> BigInt,
        /// account acted in; NULL = none/deleted
        account_id -> Nullable<BigInt>,
        /// acting user; NULL = system/deleted
        user_id -> Nullable<BigInt>,
        /// action, e.g. login, logout, token.create
        action -> Text,
        /// type of the object acted on
        object_type -> Nullable<Text>,
        /// id of the object acted on
        object_id -> Nullable<BigInt>,
        /// JSON object with details
        detail -> Text,
        /// client IP
        ip -> Nullable<Text>,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Every file imported into a site: who, when, which file, its format and what it changed.
    igny8_imports (id) {
        /// primary key
        id -> BigInt,
        /// owning account (tenant)
        account_id -> BigInt,
        /// site the rows were imported into
        site_id -> BigInt,
        /// who imported; NULL = the command line
        user_id -> Nullable<BigInt>,
        /// the file's name as uploaded
        file_name -> Text,
        /// sha-256 hex of the file's bytes
        sha256 -> Text,
        /// the file's size
        bytes -> BigInt,
        /// the format read (detected or forced); 'unknown' when none was recognised
        format -> Text,
        /// done = its rows are in; failed = nothing was written
        status -> Text,
        /// rows that were new
        rows_added -> BigInt,
        /// rows that replaced different figures
        rows_updated -> BigInt,
        /// rows unchanged or not stored (see notes)
        rows_skipped -> BigInt,
        /// JSON array of {row, column, message}
        notes -> Text,
        /// row creation time (UTC)
        created_at -> Timestamp,
    }
}

diesel::joinable!(igny8_accounts -> igny8_plans (plan_id));
diesel::joinable!(igny8_users -> igny8_accounts (account_id));
diesel::joinable!(igny8_sessions -> igny8_users (user_id));
diesel::joinable!(igny8_api_tokens -> igny8_accounts (account_id));
diesel::joinable!(igny8_api_tokens -> igny8_users (user_id));
diesel::joinable!(igny8_sites -> igny8_accounts (account_id));
diesel::joinable!(igny8_site_user_access -> igny8_users (user_id));
diesel::joinable!(igny8_site_user_access -> igny8_sites (site_id));
diesel::joinable!(igny8_sectors -> igny8_accounts (account_id));
diesel::joinable!(igny8_sectors -> igny8_sites (site_id));
diesel::joinable!(igny8_managed_service_subscriptions -> igny8_accounts (account_id));
diesel::joinable!(igny8_managed_service_subscriptions -> igny8_sites (site_id));
diesel::joinable!(igny8_backlink_service_orders -> igny8_accounts (account_id));
diesel::joinable!(igny8_backlink_service_orders -> igny8_sites (site_id));
diesel::joinable!(igny8_backlink_service_orders -> igny8_managed_service_subscriptions (subscription_id));
diesel::joinable!(igny8_sag_blueprints -> igny8_accounts (account_id));
diesel::joinable!(igny8_sag_blueprints -> igny8_sites (site_id));
diesel::joinable!(igny8_sag_clusters -> igny8_sag_blueprints (blueprint_id));
diesel::joinable!(igny8_sag_clusters -> igny8_sites (site_id));
diesel::joinable!(igny8_sag_campaigns -> igny8_accounts (account_id));
diesel::joinable!(igny8_sag_campaigns -> igny8_sites (site_id));
diesel::joinable!(igny8_sag_campaigns -> igny8_sag_blueprints (blueprint_id));
diesel::joinable!(igny8_sag_backlinks -> igny8_accounts (account_id));
diesel::joinable!(igny8_sag_backlinks -> igny8_sites (site_id));
diesel::joinable!(igny8_sag_backlinks -> igny8_sag_campaigns (campaign_id));
diesel::joinable!(igny8_sag_backlinks -> igny8_backlink_service_orders (order_id));
diesel::joinable!(igny8_campaign_kpi_snapshots -> igny8_sag_campaigns (campaign_id));
diesel::joinable!(igny8_campaign_kpi_snapshots -> igny8_sites (site_id));
diesel::joinable!(igny8_ahrefs_domain_snapshots -> igny8_accounts (account_id));
diesel::joinable!(igny8_ahrefs_domain_snapshots -> igny8_sites (site_id));
diesel::joinable!(igny8_backlink_indexing_requests -> igny8_accounts (account_id));
diesel::joinable!(igny8_backlink_indexing_requests -> igny8_sites (site_id));
diesel::joinable!(igny8_backlink_indexing_requests -> igny8_sag_backlinks (backlink_id));
diesel::joinable!(igny8_invoices -> igny8_accounts (account_id));
diesel::joinable!(igny8_invoices -> igny8_managed_service_subscriptions (subscription_id));
diesel::joinable!(igny8_payments -> igny8_accounts (account_id));
diesel::joinable!(igny8_payments -> igny8_invoices (invoice_id));
diesel::joinable!(igny8_content -> igny8_accounts (account_id));
diesel::joinable!(igny8_content -> igny8_sites (site_id));
diesel::joinable!(igny8_content -> igny8_sectors (sector_id));
diesel::joinable!(igny8_content -> igny8_sag_clusters (sag_cluster_id));
diesel::joinable!(igny8_url_inspection_records -> igny8_accounts (account_id));
diesel::joinable!(igny8_url_inspection_records -> igny8_sites (site_id));
diesel::joinable!(igny8_url_inspection_records -> igny8_content (content_id));
diesel::joinable!(igny8_gsc_metrics_cache -> igny8_accounts (account_id));
diesel::joinable!(igny8_gsc_metrics_cache -> igny8_sites (site_id));
diesel::joinable!(igny8_gsc_range_metrics -> igny8_accounts (account_id));
diesel::joinable!(igny8_gsc_range_metrics -> igny8_sites (site_id));
diesel::joinable!(igny8_social_posts -> igny8_accounts (account_id));
diesel::joinable!(igny8_social_posts -> igny8_sites (site_id));
diesel::joinable!(igny8_social_posts -> igny8_content (content_id));
diesel::joinable!(igny8_social_engagements -> igny8_social_posts (post_id));
diesel::joinable!(igny8_social_engagements -> igny8_sites (site_id));
diesel::joinable!(igny8_automation_queue -> igny8_accounts (account_id));
diesel::joinable!(igny8_automation_queue -> igny8_sites (site_id));
diesel::joinable!(igny8_approval_items -> igny8_accounts (account_id));
diesel::joinable!(igny8_approval_items -> igny8_sites (site_id));
diesel::joinable!(igny8_approval_items -> igny8_users (decided_by));
diesel::joinable!(igny8_agency_branding -> igny8_accounts (account_id));
diesel::joinable!(igny8_agency_branding -> igny8_users (created_by));
diesel::joinable!(igny8_report_templates -> igny8_accounts (account_id));
diesel::joinable!(igny8_report_templates -> igny8_users (created_by));
diesel::joinable!(igny8_report_templates -> igny8_agency_branding (branding_id));
diesel::joinable!(igny8_service_reports -> igny8_accounts (account_id));
diesel::joinable!(igny8_service_reports -> igny8_users (created_by));
diesel::joinable!(igny8_service_reports -> igny8_sites (site_id));
diesel::joinable!(igny8_service_reports -> igny8_managed_service_subscriptions (managed_subscription_id));
diesel::joinable!(igny8_service_reports -> igny8_agency_branding (branding_id));
diesel::joinable!(igny8_service_reports -> igny8_report_templates (template_id));
diesel::joinable!(igny8_report_metric_snapshots -> igny8_sites (site_id));
diesel::joinable!(igny8_report_gsc_months -> igny8_sites (site_id));
diesel::joinable!(igny8_email_outbox -> igny8_accounts (account_id));
diesel::joinable!(igny8_email_outbox -> igny8_service_reports (report_id));
diesel::joinable!(igny8_share_links -> igny8_accounts (account_id));
diesel::joinable!(igny8_recipient_confirmations -> igny8_managed_service_subscriptions (subscription_id));
diesel::joinable!(igny8_share_links -> igny8_service_reports (report_id));
diesel::joinable!(igny8_share_links -> igny8_users (created_by));
diesel::joinable!(igny8_overdue_flags -> igny8_accounts (account_id));
diesel::joinable!(igny8_overdue_flags -> igny8_managed_service_subscriptions (subscription_id));
diesel::joinable!(igny8_overdue_flags -> igny8_sites (site_id));
diesel::joinable!(igny8_audit_log -> igny8_accounts (account_id));
diesel::joinable!(igny8_audit_log -> igny8_users (user_id));

diesel::joinable!(igny8_invitations -> igny8_accounts (account_id));
diesel::joinable!(igny8_imports -> igny8_sites (site_id));

diesel::allow_tables_to_appear_in_same_query!(
    igny8_imports,
    igny8_invitations,
    igny8_login_failures,
    igny8_plans,
    igny8_accounts,
    igny8_users,
    igny8_sessions,
    igny8_api_tokens,
    igny8_sites,
    igny8_site_user_access,
    igny8_feature_flags,
    igny8_sectors,
    igny8_managed_service_subscriptions,
    igny8_backlink_service_orders,
    igny8_sag_blueprints,
    igny8_sag_clusters,
    igny8_sag_campaigns,
    igny8_sag_backlinks,
    igny8_campaign_kpi_snapshots,
    igny8_ahrefs_domain_snapshots,
    igny8_backlink_indexing_requests,
    igny8_invoices,
    igny8_payments,
    igny8_content,
    igny8_url_inspection_records,
    igny8_gsc_metrics_cache,
    igny8_social_posts,
    igny8_social_engagements,
    igny8_automation_queue,
    igny8_approval_items,
    igny8_agency_branding,
    igny8_report_templates,
    igny8_service_reports,
    igny8_recipient_confirmations,
    igny8_gsc_range_metrics,
    igny8_report_gsc_months,
    igny8_report_metric_snapshots,
    igny8_job_runs,
    igny8_overdue_flags,
    igny8_email_outbox,
    igny8_share_links,
    igny8_audit_log,
);
