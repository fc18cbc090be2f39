//! Output objects that need the server (loaders) for some of their fields; they wrap the shared
//! DTOs of `app::types` and flatten their fields.

pub mod client;
