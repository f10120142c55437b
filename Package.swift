// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "entrust",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "entrust", targets: ["entrust"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        // gzip for pages, JSON and calendar feeds (HTTPCachingMiddleware), over the system zlib.
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        // The pure domain: value types and rules, Foundation only, no I/O.
        .target(name: "EntrustCore"),
        // Reads the human-edited YAML under contracts/ into Core values, with file/line errors.
        .target(name: "EntrustConfig", dependencies: [
            "EntrustCore",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Persistence logic over the StoreSession/StoreBackend protocol; imports no database driver.
        .target(name: "EntrustStore", dependencies: [
            "EntrustCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CSV", package: "CSV.swift"),
        ]),
        // The embedded engine (GRDB on the system libsqlite3); the only module that imports GRDB.
        .target(name: "EntrustStoreSQLite", dependencies: [
            "EntrustCore", "EntrustStore",
            .product(name: "GRDB", package: "GRDB.swift"),
            // GRDB's own SQLite module: the loan writer binds rows through SQLite's C interface (SQLiteLoanWriter).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // The PostgreSQL engine: connection pool, TLS, advisory locks, migrations. The only module that imports PostgresNIO.
        .target(name: "EntrustStorePostgres", dependencies: [
            "EntrustStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The one module that knows both engines: opens `--db`'s path or postgres:// URL as an AppDatabase.
        .target(name: "EntrustStoreEngines", dependencies: [
            "EntrustCore", "EntrustStore", "EntrustStoreSQLite", "EntrustStorePostgres",
        ]),
        // libcurl from the system (Debian: libcurl4-openssl-dev); only EntrustGateways imports it.
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        // Webhook (Standard Webhooks) and SMTP senders on libcurl.
        .target(name: "EntrustGateways", dependencies: [
            "EntrustCore", "CCurl", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The outbox worker: claim due messages, render, send, record the attempt, retry or dead-letter.
        .target(name: "EntrustDelivery", dependencies: [
            "EntrustCore", "EntrustStore", "EntrustGateways",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // The Hummingbird app: JSON API, HTML pages, sign-in and scoping, ICS feeds, health and metrics.
        .target(name: "EntrustServer", dependencies: [
            "EntrustCore", "EntrustStore", "EntrustDelivery",
            .product(name: "Hummingbird", package: "hummingbird"),
            // HTTP1Channel's configuration (idle timeout, header limits) is HummingbirdCore's.
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "CompressNIO", package: "compress-nio"),
        ], resources: [
            // The OpenAPI document served at /api/v1/openapi.yaml (OpenAPIDocument.load).
            .copy("Resources/openapi.yaml"),
        ]),
        // The Kim Bang demo district of the press articles and the benchmark's synthetic data sets, built through the stores.
        .target(name: "EntrustDemo", dependencies: ["EntrustCore", "EntrustStore"]),
        // The benchmark harness: stages, same-run baselines (sqlite3, psql, wrk), result tables; `entrust bench` prints them.
        .target(name: "EntrustBench", dependencies: ["EntrustCore", "EntrustStore", "EntrustDemo"]),
        // The command line: parses, wires the live implementations in one place and prints; nothing else.
        .executableTarget(name: "entrust", dependencies: [
            "EntrustCore", "EntrustConfig", "EntrustStore", "EntrustStoreEngines", "EntrustGateways",
            "EntrustDelivery", "EntrustServer", "EntrustDemo", "EntrustBench",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "EntrustCoreTests", dependencies: ["EntrustCore"]),
        .testTarget(name: "EntrustConfigTests", dependencies: ["EntrustConfig"]),
        // The store's tests run on both engines (TestEngine), and tamper with SQLite's files: the audit chain must notice.
        .testTarget(name: "EntrustStoreTests", dependencies: [
            "EntrustStore", "EntrustStoreSQLite", "EntrustStoreEngines", "EntrustConfig", "EntrustEngineTestSupport",
        ]),
        // Real servers for tests (Python HTTP listener, aiosmtpd, self-signed certificates), shared by the gateway
        // and delivery tests; imported with @testable so that its helpers stay internal.
        .target(name: "EntrustTestSupport", dependencies: [.product(name: "Logging", package: "swift-log")],
                path: "Tests/EntrustTestSupport", exclude: ["Support"]),
        // TestEngine: a fresh database of each enabled engine (SQLite in memory, PostgreSQL from the test cluster).
        .target(name: "EntrustEngineTestSupport", dependencies: [
            "EntrustCore", "EntrustStore", "EntrustStoreSQLite", "EntrustStoreEngines", "EntrustTestSupport",
        ], path: "Tests/EntrustEngineTestSupport"),
        .testTarget(name: "EntrustGatewaysTests", dependencies: [
            "EntrustGateways", "EntrustCore", "EntrustTestSupport", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "EntrustDeliveryTests", dependencies: [
            "EntrustDelivery", "EntrustStore", "EntrustStoreSQLite", "EntrustGateways", "EntrustCore", "EntrustConfig", "EntrustTestSupport",
            "EntrustEngineTestSupport", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "EntrustServerTests", dependencies: [
            "EntrustServer", "EntrustStore", "EntrustStoreSQLite", "EntrustCore", "EntrustConfig", "EntrustTestSupport",
            "EntrustEngineTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            // To read back what HTTPCachingMiddleware gzipped.
            .product(name: "CompressNIO", package: "compress-nio"),
        ]),
        // The PostgreSQL engine against a throwaway cluster (EntrustTestSupport's PostgresTestCluster).
        .testTarget(name: "EntrustStorePostgresTests", dependencies: [
            "EntrustStorePostgres", "EntrustStore", "EntrustStoreSQLite", "EntrustTestSupport",
        ]),
        // The demo district and the synthetic data sets, built in-process on both engines.
        .testTarget(name: "EntrustDemoTests", dependencies: [
            "EntrustDemo", "EntrustBench", "EntrustStore", "EntrustStoreEngines", "EntrustConfig", "EntrustCore",
            "EntrustGateways", "EntrustServer", "EntrustEngineTestSupport",
        ]),
        // End-to-end: runs the built `entrust` binary against real SQLite files.
        .testTarget(name: "entrustTests", dependencies: ["entrust", "EntrustTestSupport", "EntrustEngineTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
