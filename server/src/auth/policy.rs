//! The ONE authorization function. Every entry point (GraphQL resolver, REST handler, server
//! function, file download) reaches data through a service that calls `authorize` first.
//! Objects of another account are "not found", never "forbidden", so ids leak nothing.

use app::types::{Actor, Feature, Role};

use crate::error::AppError;

/// What the caller wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read one's own user and account.
    ViewSelf,
    /// Read a site and its data.
    ViewSite,
    /// Read managed subscriptions.
    ViewSubscriptions,
    /// Read reports (needs the account's `reports` gate).
    ViewReports,
    /// The Alorig admin dashboard (staff, while `managed_services_enabled`).
    ViewServicesDashboard,
    /// Create or revoke API tokens of the account.
    ManageApiTokens,
    /// Create, change or delete agency brandings (needs the `white_label` gate).
    ManageBranding,
    /// Create or change report templates (owners and admins with the `reports` gate).
    ManageTemplates,
    /// Generate a site's report (owners and admins with the `reports` gate; Alorig staff).
    GenerateReport,
    /// Download a report's PDF: "accessible only to account owner or admin" (04B), and staff.
    DownloadReport,
    /// Create or revoke expiring share links to a report's PDF (as for downloading).
    ShareReport,
    /// Email a report to its recipients (as for generating).
    SendReport,
    /// Generate a report under an agency branding (needs the `white_label` gate; staff may).
    WhiteLabelReport,
    /// Read invoices and payments (owners and admins; staff, who also see margins).
    ViewBilling,
    /// Approve or reject an item of the approval queue (the account's members and up).
    DecideApproval,
    /// Change a subscription's service settings (Alorig staff).
    ManageSubscription,
    /// Choose who a site's reports are emailed to (as for sending; an address outside the
    /// account confirms before it gets any, unless Alorig staff set it).
    SetReportRecipients,
    /// Start work across every account at once: a report batch, a scheduled job run now
    /// (Alorig staff admins and owners, while `managed_services_enabled`).
    RunJobs,
    /// Read and switch the global feature flags (Alorig staff admins and owners, whether
    /// `managed_services_enabled` is on or off: it is one of them).
    ManageFeatureFlags,
    /// Read an account's audit log (its owners; Alorig staff for every account).
    ViewAudit,
    /// Onboard and change clients: create and edit accounts, add sites, start, pause, resume
    /// and cancel managed subscriptions (Alorig staff admins and owners, while
    /// `managed_services_enabled`).
    ManageClients,
    /// Import a site's data from the tools' exports (owners and admins; Alorig staff admins
    /// and owners for any client).
    ImportData,
}

impl Action {
    pub const ALL: [Action; 22] = [
        Action::ViewSelf,
        Action::ViewSite,
        Action::ViewSubscriptions,
        Action::ViewReports,
        Action::ViewServicesDashboard,
        Action::ManageApiTokens,
        Action::ManageBranding,
        Action::ManageTemplates,
        Action::GenerateReport,
        Action::DownloadReport,
        Action::ShareReport,
        Action::SendReport,
        Action::WhiteLabelReport,
        Action::ViewBilling,
        Action::DecideApproval,
        Action::ManageSubscription,
        Action::SetReportRecipients,
        Action::RunJobs,
        Action::ManageFeatureFlags,
        Action::ViewAudit,
        Action::ManageClients,
        Action::ImportData,
    ];
}

/// What the action is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// Platform-wide figures (all accounts).
    Platform,
    Account(i64),
    Site {
        account_id: i64,
        site_id: i64,
    },
}

impl Resource {
    fn account_id(self) -> Option<i64> {
        match self {
            Resource::Platform => None,
            Resource::Account(id) | Resource::Site { account_id: id, .. } => Some(id),
        }
    }
}

/// What a list may contain for this caller: every account (Alorig staff), or the caller's own
/// account narrowed to the sites they may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadScope {
    All,
    Account { account_id: i64, sites: Option<Vec<i64>> },
}

impl ReadScope {
    /// The caller's own account (their sites, when restricted), staff included: the client
    /// portal's scope.
    pub fn own(actor: &Actor) -> ReadScope {
        ReadScope::Account {
            account_id: actor.account_id,
            sites: actor.site_ids.clone(),
        }
    }

    /// Whether a row of this account and site is in scope.
    pub fn contains(&self, account_id: i64, site_id: Option<i64>) -> bool {
        match self {
            ReadScope::All => true,
            ReadScope::Account { account_id: a, sites } => {
                *a == account_id
                    && match (sites, site_id) {
                        (Some(ids), Some(site)) => ids.contains(&site),
                        (Some(_), None) => false,
                        (None, _) => true,
                    }
            }
        }
    }
}

/// The scope of a list for `action`: staff see every account (through `ViewServicesDashboard`),
/// everyone else their own account as `authorize` allows it.
pub fn read_scope(actor: Option<&Actor>, action: Action) -> Result<ReadScope, AppError> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    if authorize(actor, Action::ViewServicesDashboard, Resource::Platform).is_ok() {
        return Ok(ReadScope::All);
    }
    authorize(actor, action, Resource::Account(a.account_id))?;
    Ok(ReadScope::Account {
        account_id: a.account_id,
        sites: a.site_ids.clone(),
    })
}

/// Whether the caller may do `action` anywhere at all. Entry points ask it before they read a
/// request's body or query, so a caller without the permission gets 401/403, never a
/// validation error that describes the input.
pub fn may(actor: Option<&Actor>, action: Action) -> Result<(), AppError> {
    // nothing is allowed in another account that is not allowed in one's own (the role and the
    // gates decide there), so the caller's own account answers "at all"
    let a = actor.ok_or(AppError::Unauthenticated)?;
    if action == Action::ManageClients {
        // managing clients is never about one's own account: the platform answers
        return authorize(actor, action, Resource::Platform);
    }
    authorize(actor, action, Resource::Account(a.account_id))
}

/// Allows or refuses `action` on `resource` for `actor` (`None` = anonymous).
pub fn authorize(actor: Option<&Actor>, action: Action, resource: Resource) -> Result<(), AppError> {
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    let staff_admin = actor.is_staff && actor.managed_services_enabled;

    if let Resource::Platform = resource {
        return match action {
            Action::ViewServicesDashboard if staff_admin => Ok(()),
            Action::ViewServicesDashboard if actor.is_staff => Err(AppError::forbidden(
                "managed services are switched off (managed_services_enabled)",
            )),
            Action::ViewServicesDashboard => {
                Err(AppError::forbidden("only Alorig staff may see the services dashboard"))
            }
            Action::RunJobs if staff_admin && actor.role >= Role::Admin => Ok(()),
            Action::RunJobs if staff_admin => Err(AppError::forbidden(
                "your staff role lets you read the scheduler, not start work",
            )),
            Action::RunJobs if actor.is_staff => Err(AppError::forbidden(
                "managed services are switched off (managed_services_enabled)",
            )),
            Action::RunJobs => Err(AppError::forbidden("only Alorig staff may start jobs")),
            Action::ManageFeatureFlags if actor.is_staff && actor.role >= Role::Admin => Ok(()),
            Action::ManageFeatureFlags if actor.is_staff => Err(AppError::forbidden(
                "your staff role lets you read the dashboard, not switch feature flags",
            )),
            Action::ManageFeatureFlags => Err(AppError::forbidden("only Alorig staff may switch feature flags")),
            Action::ManageClients if staff_admin && actor.role >= Role::Admin => Ok(()),
            Action::ManageClients if staff_admin => Err(AppError::forbidden(
                "your staff role lets you read client accounts, not change them",
            )),
            Action::ManageClients if actor.is_staff => Err(AppError::forbidden(
                "managed services are switched off (managed_services_enabled)",
            )),
            Action::ManageClients => Err(AppError::forbidden(
                "only Alorig staff may add and change client accounts",
            )),
            _ => Err(AppError::NotFound),
        };
    }

    let own_account = resource.account_id() == Some(actor.account_id);
    if !own_account {
        // Staff read every managed client through the admin views; nobody else sees other accounts.
        let staff_read = matches!(
            action,
            Action::ViewSite
                | Action::ViewSubscriptions
                | Action::ViewReports
                | Action::GenerateReport
                | Action::DownloadReport
                | Action::ShareReport
                | Action::SendReport
                | Action::WhiteLabelReport
                | Action::ViewBilling
                | Action::ManageSubscription
                | Action::SetReportRecipients
                | Action::ViewAudit
                | Action::ManageClients
                | Action::ImportData
        );
        // ... and a staff member's role limits what they may change there, as anywhere else
        let staff_write = matches!(
            action,
            Action::GenerateReport
                | Action::DownloadReport
                | Action::ShareReport
                | Action::SendReport
                | Action::WhiteLabelReport
                | Action::ManageSubscription
                | Action::SetReportRecipients
                | Action::ManageClients
                | Action::ImportData
        );
        return if !(staff_admin && staff_read) {
            Err(AppError::NotFound)
        } else if staff_write && actor.role < Role::Admin {
            Err(AppError::forbidden(
                "your staff role lets you read client accounts, not change them",
            ))
        } else {
            Ok(())
        };
    }
    if let Resource::Site { site_id, .. } = resource
        && !actor.may_see_site(site_id)
    {
        return Err(AppError::NotFound);
    }

    let manager = actor.role >= Role::Admin;
    match action {
        Action::ViewAudit if actor.role == Role::Owner || actor.is_staff => Ok(()),
        Action::ViewAudit => Err(AppError::forbidden("only the account's owners see its audit log")),
        Action::ViewBilling if manager || actor.is_staff => Ok(()),
        Action::ViewBilling => Err(AppError::forbidden("only account owners and admins see billing")),
        Action::DecideApproval if actor.role >= Role::Member => Ok(()),
        Action::DecideApproval => Err(AppError::forbidden("viewers cannot approve or reject")),
        Action::ManageSubscription if actor.is_staff && manager => Ok(()),
        Action::ManageSubscription => Err(AppError::forbidden(
            "only Alorig staff (admins and owners) change service settings",
        )),
        // a client is another account: nobody manages their own account (Alorig's included) as one
        Action::ManageClients => Err(AppError::forbidden(
            "only Alorig staff add and change client accounts, and not their own",
        )),
        Action::ImportData if manager => Ok(()),
        Action::ImportData => Err(AppError::forbidden("only account owners and admins import data")),
        Action::ViewSelf | Action::ViewSite | Action::ViewSubscriptions => Ok(()),
        Action::ViewServicesDashboard | Action::RunJobs | Action::ManageFeatureFlags => Err(AppError::NotFound),
        Action::ViewReports if actor.has_feature(Feature::Reports) || actor.is_staff => Ok(()),
        Action::ViewReports => Err(AppError::forbidden("the account's plan does not include reports")),
        Action::ManageApiTokens if manager => Ok(()),
        Action::ManageApiTokens => Err(AppError::forbidden("only account owners and admins manage API tokens")),
        Action::ManageBranding if !manager => {
            Err(AppError::forbidden("only account owners and admins manage branding"))
        }
        Action::ManageBranding if actor.has_feature(Feature::WhiteLabel) => Ok(()),
        Action::ManageBranding => Err(AppError::forbidden("the account's plan does not include white-label")),
        Action::ManageTemplates if !manager => Err(AppError::forbidden(
            "only account owners and admins manage report templates",
        )),
        Action::ManageTemplates if actor.has_feature(Feature::Reports) || actor.is_staff => Ok(()),
        Action::ManageTemplates => Err(AppError::forbidden("the account's plan does not include reports")),
        Action::GenerateReport
        | Action::DownloadReport
        | Action::ShareReport
        | Action::SendReport
        | Action::SetReportRecipients
        | Action::WhiteLabelReport
            if !manager =>
        {
            Err(AppError::forbidden(
                "only account owners and admins generate, download and share reports",
            ))
        }
        Action::WhiteLabelReport if actor.has_feature(Feature::WhiteLabel) || actor.is_staff => Ok(()),
        Action::WhiteLabelReport => Err(AppError::forbidden("the account's plan does not include white-label")),
        Action::GenerateReport
        | Action::DownloadReport
        | Action::ShareReport
        | Action::SendReport
        | Action::SetReportRecipients
            if actor.has_feature(Feature::Reports) || actor.is_staff =>
        {
            Ok(())
        }
        Action::GenerateReport
        | Action::DownloadReport
        | Action::ShareReport
        | Action::SendReport
        | Action::SetReportRecipients => Err(AppError::forbidden("the account's plan does not include reports")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::types::ErrorCode;

    const A: i64 = 1;
    const B: i64 = 2;
    const SITE_A1: i64 = 11;
    const SITE_A2: i64 = 12;

    fn actor(role: Role, staff: bool, sites: Option<Vec<i64>>, features: &[Feature], flag: bool) -> Actor {
        Actor {
            user_id: 100,
            account_id: A,
            role,
            is_staff: staff,
            site_ids: sites,
            features: features.to_vec(),
            managed_services_enabled: flag,
        }
    }

    /// Every actor kind × every action × every resource kind, with the expected outcome:
    /// `Ok`, or the error code. `_` rows are written out in full so nothing is implied.
    #[test]
    fn every_role_and_action() {
        use ErrorCode::{Forbidden as F, NotFound as N, Unauthenticated as U};
        let full = [Feature::Reports, Feature::WhiteLabel];
        let actors: Vec<(&str, Option<Actor>)> = vec![
            ("anonymous", None),
            ("viewer", Some(actor(Role::Viewer, false, None, &full, true))),
            ("member", Some(actor(Role::Member, false, None, &full, true))),
            ("admin", Some(actor(Role::Admin, false, None, &full, true))),
            ("owner", Some(actor(Role::Owner, false, None, &full, true))),
            ("owner-no-gates", Some(actor(Role::Owner, false, None, &[], true))),
            (
                "viewer-site-a1",
                Some(actor(Role::Viewer, false, Some(vec![SITE_A1]), &full, true)),
            ),
            ("staff", Some(actor(Role::Admin, true, None, &[], true))),
            ("staff-flag-off", Some(actor(Role::Admin, true, None, &[], false))),
            ("staff-viewer", Some(actor(Role::Viewer, true, None, &[], true))),
        ];
        let resources = [
            ("platform", Resource::Platform),
            ("own-account", Resource::Account(A)),
            (
                "own-site-a1",
                Resource::Site {
                    account_id: A,
                    site_id: SITE_A1,
                },
            ),
            (
                "own-site-a2",
                Resource::Site {
                    account_id: A,
                    site_id: SITE_A2,
                },
            ),
            ("other-account", Resource::Account(B)),
        ];
        // Columns follow `resources`: platform, own-account, own-site-a1, own-site-a2, other-account.
        type Row = [Option<ErrorCode>; 5];
        const OK: Option<ErrorCode> = None;
        let expected = |who: &str, action: Action| -> Row {
            let u = Some(U);
            let f = Some(F);
            let n = Some(N);
            match (who, action) {
                ("anonymous", _) => [u, u, u, u, u],
                ("staff", Action::ManageClients) => [OK, f, f, f, OK],
                ("staff-viewer", Action::ManageClients) => [f, f, f, f, f],
                ("viewer-site-a1", Action::ManageClients) => [f, f, f, n, n],
                (_, Action::ManageClients) => [f, f, f, f, n],
                ("staff", Action::ImportData) => [n, OK, OK, OK, OK],
                ("staff-viewer", Action::ImportData) => [n, f, f, f, f],
                ("viewer-site-a1", Action::ImportData) => [n, f, f, n, n],
                ("viewer" | "member", Action::ImportData) => [n, f, f, f, n],
                (_, Action::ImportData) => [n, OK, OK, OK, n],
                ("staff-viewer", Action::ViewServicesDashboard) => [OK, n, n, n, n],
                (
                    "staff-viewer",
                    Action::ViewSite | Action::ViewSubscriptions | Action::ViewReports | Action::ViewBilling,
                ) => [n, OK, OK, OK, OK],
                ("staff-viewer", Action::ViewSelf) => [n, OK, OK, OK, n],
                (
                    "staff-viewer",
                    Action::ManageSubscription
                    | Action::GenerateReport
                    | Action::DownloadReport
                    | Action::ShareReport
                    | Action::SendReport
                    | Action::SetReportRecipients
                    | Action::WhiteLabelReport,
                ) => [n, f, f, f, f],
                (
                    "staff-viewer",
                    Action::DecideApproval | Action::ManageApiTokens | Action::ManageTemplates | Action::ManageBranding,
                ) => [n, f, f, f, n],
                ("staff", Action::ViewServicesDashboard | Action::RunJobs) => [OK, n, n, n, n],
                (_, Action::RunJobs) => [f, n, n, n, n],
                ("staff" | "staff-flag-off", Action::ManageFeatureFlags) => [OK, n, n, n, n],
                ("staff" | "staff-viewer", Action::ViewAudit) => [n, OK, OK, OK, OK],
                ("staff-flag-off" | "owner" | "owner-no-gates", Action::ViewAudit) => [n, OK, OK, OK, n],
                ("viewer-site-a1", Action::ViewAudit) => [n, f, f, n, n],
                (_, Action::ViewAudit) => [n, f, f, f, n],
                (_, Action::ManageFeatureFlags) => [f, n, n, n, n],
                ("staff", Action::ViewBilling | Action::ManageSubscription) => [n, OK, OK, OK, OK],
                ("staff-flag-off", Action::ViewBilling | Action::ManageSubscription) => [n, OK, OK, OK, n],
                ("staff" | "staff-flag-off", Action::DecideApproval) => [n, OK, OK, OK, n],
                ("viewer-site-a1", Action::ViewBilling | Action::DecideApproval | Action::ManageSubscription) => {
                    [n, f, f, n, n]
                }
                (_, Action::ManageSubscription) => [n, f, f, f, n],
                ("viewer", Action::ViewBilling | Action::DecideApproval) => [n, f, f, f, n],
                ("member", Action::ViewBilling) => [n, f, f, f, n],
                ("member" | "admin" | "owner" | "owner-no-gates", Action::DecideApproval) => [n, OK, OK, OK, n],
                ("admin" | "owner" | "owner-no-gates", Action::ViewBilling) => [n, OK, OK, OK, n],
                (
                    "staff",
                    Action::ViewSite
                    | Action::ViewSubscriptions
                    | Action::ViewReports
                    | Action::GenerateReport
                    | Action::DownloadReport
                    | Action::ShareReport
                    | Action::SendReport
                    | Action::SetReportRecipients
                    | Action::WhiteLabelReport,
                ) => [n, OK, OK, OK, OK],
                ("staff", Action::ViewSelf) => [n, OK, OK, OK, n],
                ("staff" | "staff-flag-off", Action::ManageApiTokens | Action::ManageTemplates) => [n, OK, OK, OK, n],
                ("staff", Action::ManageBranding) => [n, f, f, f, n],
                ("staff-flag-off", Action::ViewServicesDashboard) => [f, n, n, n, n],
                (
                    "staff-flag-off",
                    Action::ViewSite | Action::ViewSubscriptions | Action::ViewReports | Action::ViewSelf,
                ) => [n, OK, OK, OK, n],
                (
                    "staff-flag-off",
                    Action::GenerateReport
                    | Action::DownloadReport
                    | Action::ShareReport
                    | Action::SendReport
                    | Action::SetReportRecipients
                    | Action::WhiteLabelReport,
                ) => [n, OK, OK, OK, n],
                ("staff-flag-off", Action::ManageBranding) => [n, f, f, f, n],
                (_, Action::ViewServicesDashboard) => [f, n, n, n, n],
                (
                    "viewer-site-a1",
                    Action::ViewSelf | Action::ViewSite | Action::ViewSubscriptions | Action::ViewReports,
                ) => [n, OK, OK, n, n],
                (
                    "viewer-site-a1",
                    Action::ManageApiTokens
                    | Action::ManageBranding
                    | Action::ManageTemplates
                    | Action::GenerateReport
                    | Action::DownloadReport
                    | Action::ShareReport
                    | Action::SendReport
                    | Action::SetReportRecipients
                    | Action::WhiteLabelReport,
                ) => [n, f, f, n, n],
                (
                    "owner-no-gates",
                    Action::ViewReports
                    | Action::ManageBranding
                    | Action::ManageTemplates
                    | Action::GenerateReport
                    | Action::DownloadReport
                    | Action::ShareReport
                    | Action::SendReport
                    | Action::SetReportRecipients
                    | Action::WhiteLabelReport,
                ) => [n, f, f, f, n],
                (_, Action::ViewSelf | Action::ViewSite | Action::ViewSubscriptions | Action::ViewReports) => {
                    [n, OK, OK, OK, n]
                }
                (
                    "viewer" | "member",
                    Action::ManageApiTokens
                    | Action::ManageBranding
                    | Action::ManageTemplates
                    | Action::GenerateReport
                    | Action::DownloadReport
                    | Action::ShareReport
                    | Action::SendReport
                    | Action::SetReportRecipients
                    | Action::WhiteLabelReport,
                ) => [n, f, f, f, n],
                (
                    "admin" | "owner",
                    Action::ManageApiTokens
                    | Action::ManageBranding
                    | Action::ManageTemplates
                    | Action::GenerateReport
                    | Action::DownloadReport
                    | Action::ShareReport
                    | Action::SendReport
                    | Action::SetReportRecipients
                    | Action::WhiteLabelReport,
                ) => [n, OK, OK, OK, n],
                ("owner-no-gates", Action::ManageApiTokens) => [n, OK, OK, OK, n],
                other => panic!("no expectation for {other:?}"),
            }
        };
        let mut checked = 0;
        for (who, a) in &actors {
            for action in Action::ALL {
                let row = expected(who, action);
                for (i, (what, resource)) in resources.iter().enumerate() {
                    let got = authorize(a.as_ref(), action, *resource).err().map(|e| e.code());
                    assert_eq!(got, row[i], "{who} {action:?} on {what}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, actors.len() * Action::ALL.len() * resources.len());
    }
}
