//! A guarded API's setup in brief: the facade's backend (AWS-LC here) verifies, jwt-jwks
//! fetches the issuer's keys, jwt-axum guards the routes.

fn main() {
    let _keys = jwt_jwks::RemoteKeySet::builder("https://issuer.example/.well-known/jwks.json");
    println!(
        "{} guards with {} keys",
        std::any::type_name::<jwt_axum::BearerAuth>(),
        jwt_strict::backend::NAME
    );
}
