//! `declare_backends!`: turns the one-line-per-backend registry in `registry.rs` into everything
//! that lists backends, so that adding one is a crate, a feature and a line:
//!
//! - `jwt_strict::<module>`, the backend's crate re-exported, when its feature is on;
//! - `jwt_strict::backend`, the key types of the first backend of the list whose feature is on
//!   (the precedence is the order of the list), and a compile error for the internal
//!   feature `asymmetric` without any backend;
//! - [`BACKENDS`](crate::BACKENDS), the compiled-in backends in that order;
//! - [`for_each_backend!`](crate::for_each_backend), which calls a macro for each of them,
//!   through one hidden helper macro per backend, named like its module, that expands to
//!   nothing when the backend's feature is off.
//!
//! A line reads `"feature" => crate_name::BackendType as module, "what it runs on";`.

macro_rules! declare_backends {
    ($($feature:literal => $krate:ident :: $ty:ident as $module:ident, $what:literal;)+) => {
        $(
            #[cfg(feature = $feature)]
            #[doc = concat!("RS*, PS*, ES* and EdDSA on ", $what, " (the `", stringify!($krate),
                "` crate; feature `", $feature, "`).")]
            pub mod $module {
                pub use $krate::*;
            }

            #[cfg(feature = $feature)]
            #[doc(hidden)]
            #[macro_export]
            macro_rules! $module {
                ($callback:ident) => {
                    $callback!($module, $crate::$module::$ty);
                };
            }

            #[cfg(not(feature = $feature))]
            #[doc(hidden)]
            #[macro_export]
            macro_rules! $module {
                ($callback:ident) => {};
            }
        )+

        declare_backends!(@precedence [] $($feature => $krate::$ty as $module, $what;)+);

        /// Every compiled-in asymmetric backend, the default (`jwt_strict::backend`) first.
        ///
        /// Empty when no backend feature is on (a library built on `jwt-strict` with only `keys`,
        /// say, until the application picks one).
        ///
        /// ```
        /// let names: Vec<&str> = jwt_strict::BACKENDS.iter().map(|backend| backend.name).collect();
        /// # #[cfg(feature = "rustcrypto")] {
        /// assert!(names.contains(&"rustcrypto"));
        /// assert_eq!(names.first(), Some(&jwt_strict::backend::NAME));
        /// # }
        /// ```
        #[cfg(feature = "keys")]
        pub const BACKENDS: &[BackendEntry] = &[
            $(
                #[cfg(feature = $feature)]
                BackendEntry::of::<$krate::$ty>(),
            )+
        ];

        /// Calls the macro `$callback!(name, BackendType)` once for every compiled-in
        /// backend, default first: how generic code (the conformance suite) is
        /// instantiated for each backend without naming any.
        ///
        /// ```
        /// let mut names: Vec<&str> = Vec::new();
        /// macro_rules! collect_name {
        ///     ($name:ident, $backend:ty) => {
        ///         names.push(stringify!($name));
        ///     };
        /// }
        /// jwt_strict::for_each_backend!(collect_name);
        /// let listed: Vec<&str> = jwt_strict::BACKENDS.iter().map(|backend| backend.name).collect();
        /// assert_eq!(names, listed);
        /// ```
        #[cfg(feature = "keys")]
        #[macro_export]
        macro_rules! for_each_backend {
            ($callback:ident) => {
                $($crate::$module!($callback);)+
            };
        }
    };

    // `jwt_strict::backend`: the first backend whose feature is on, `$before` being the
    // features of the backends ahead of it.
    (@precedence [$($before:literal)*]
        $feature:literal => $krate:ident :: $ty:ident as $module:ident, $what:literal;
        $($rest:tt)*
    ) => {
        /// The key types of the asymmetric backend chosen by features: the first of the
        #[doc = concat!("registry's list whose feature is on, here ", $what, " (feature `",
            $feature, "`).")]
        ///
        /// Every backend passes the same conformance suite with the same answers, so code
        /// written against `jwt_strict::backend::SigningKey` and `jwt_strict::backend::VerifyingKey`
        /// switches backend with a feature flag alone.
        ///
        /// ```
        /// use jwt_strict::backend::{SigningKey, VerifyingKey};
        /// use jwt_strict::Algorithm;
        ///
        /// let signer = SigningKey::generate(Algorithm::EdDsa)?;
        /// let pem = signer.verifying_key().public_material()?.to_spki_pem()?;
        /// let verifier = VerifyingKey::from_pem(&pem, Algorithm::EdDsa)?;
        /// assert_eq!(format!("{verifier:?}"), format!("{:?}", signer.verifying_key()));
        /// # Ok::<(), jwt_strict::Error>(())
        /// ```
        #[cfg(all(feature = $feature, not(any($(feature = $before),*))))]
        pub mod backend {
            #[doc = concat!("A private key on ", $what, ": [`jwt_strict::keys::SigningKey`]",
                "(crate::keys::SigningKey) over the `", $feature, "` backend.")]
            pub type SigningKey = crate::keys::SigningKey<$krate::$ty>;

            #[doc = concat!("A public key on ", $what, ": [`jwt_strict::keys::VerifyingKey`]",
                "(crate::keys::VerifyingKey) over the `", $feature, "` backend.")]
            pub type VerifyingKey = crate::keys::VerifyingKey<$krate::$ty>;

            #[doc = concat!("The chosen backend's name: `\"", $feature, "\"`.")]
            pub const NAME: &str = <$krate::$ty as jwt_keys::Backend>::NAME;
        }

        declare_backends!(@precedence [$($before)* $feature] $($rest)*);
    };
    (@precedence [$($all:literal)*]) => {
        #[cfg(all(feature = "asymmetric", not(any($(feature = $all),*))))]
        compile_error!(concat!(
            "jwt-strict: an asymmetric backend is needed here; enable one of the features:"
            $(, " ", $all)*
        ));
    };
}
