//! The product catalog and price books: validation, unique SKUs, one default book per
//! currency, exact list prices, and who may read and change them.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const CREATE_PRODUCT: &str =
    "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id sku name family tier unit active version } } }";
const CREATE_BOOK: &str =
    "mutation($i: CreatePriceBookInput!) { createPriceBook(input: $i) { priceBook { id currency isDefault version } } }";
const SET_PRICES: &str = "mutation($i: SetListPricesInput!) { setListPrices(input: $i) { priceBook { id version } } }";

async fn product(app: &TestApp, user: &TestUser, input: Value) -> Value {
    app.gql(Some(&user.token), CREATE_PRODUCT, json!({ "i": input })).await
}

fn field<'a>(res: &'a Value, pointer: &str) -> &'a Value {
    res.pointer(pointer).unwrap_or_else(|| panic!("no {pointer} in {res}"))
}

async fn products_are_validated_and_skus_unique(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let res = product(&app, &manager, json!({"sku": " erp-basic ", "name": "ERP Basic", "family": "Cloud ERP", "unit": "SEAT"})).await;
    let created = &ok(&res)["createProduct"]["product"];
    assert_eq!(created["sku"], "ERP-BASIC", "SKUs are trimmed and upper-cased");
    assert_eq!((created["tier"].as_i64(), created["active"].as_bool()), (Some(1), Some(true)), "defaults");

    let taken = product(&app, &manager, json!({"sku": "Erp-Basic", "name": "Other", "family": "Cloud ERP", "unit": "SEAT"})).await;
    assert_eq!(code(&taken), "CONFLICT");
    assert_eq!(
        (field(&taken, "/errors/0/extensions/field"), field(&taken, "/errors/0/extensions/reason")),
        (&json!("sku"), &json!("SKU_TAKEN"))
    );
    for (input, field_name, reason) in [
        (json!({"sku": "a b", "name": "X", "family": "F", "unit": "PIECE"}), "sku", "INVALID_SKU"),
        (json!({"sku": "OK", "name": " ", "family": "F", "unit": "PIECE"}), "name", "BLANK"),
        (json!({"sku": "OK", "name": "X", "family": "F", "unit": "PIECE", "tier": 10}), "tier", "OUT_OF_RANGE"),
    ] {
        let res = product(&app, &manager, input).await;
        assert_eq!(code(&res), "BAD_USER_INPUT");
        assert_eq!(field(&res, "/errors/0/extensions/field"), field_name);
        assert_eq!(field(&res, "/errors/0/extensions/reason"), reason);
    }

    // Updates use the version read; a stale one is a CONFLICT.
    let update = "mutation($i: UpdateProductInput!) { updateProduct(input: $i) { product { active tier version } } }";
    let id = created["id"].as_str().unwrap();
    let res = app.gql(Some(&manager.token), update, json!({"i": {"id": id, "version": 1, "active": false, "tier": 2}})).await;
    assert_eq!(ok(&res)["updateProduct"]["product"], json!({"active": false, "tier": 2, "version": 2}));
    assert_eq!(code(&app.gql(Some(&manager.token), update, json!({"i": {"id": id, "version": 1, "tier": 3}})).await), "CONFLICT");

    // Lists filter by activity and family and sort by family then tier.
    product(&app, &manager, json!({"sku": "ERP-PRO", "name": "ERP Pro", "family": "Cloud ERP", "tier": 3, "unit": "SEAT"})).await;
    product(&app, &manager, json!({"sku": "CONS-D", "name": "Consulting day", "family": "Services", "unit": "DAY"})).await;
    let list = "query($f: ProductFilter) { products(filter: $f, orderBy: [{field: FAMILY}]) { totalCount nodes { sku } } }";
    let res = app.gql(Some(&manager.token), list, json!({"f": {"active": true}})).await;
    assert_eq!(ok(&res)["products"], json!({"totalCount": 2, "nodes": [{"sku": "ERP-PRO"}, {"sku": "CONS-D"}]}));
    let res = app.gql(Some(&manager.token), list, json!({"f": {"family": {"in": ["Cloud ERP"]}, "search": "erp"}})).await;
    assert_eq!(ok(&res)["products"]["totalCount"], 2);
    assert_eq!(
        ok(&app.gql(Some(&manager.token), "{ productFamilies }", json!({})).await)["productFamilies"],
        json!(["Cloud ERP", "Services"])
    );
}
db_test!(products_are_validated_and_skus_unique);

async fn one_default_book_per_currency_and_exact_prices(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let res = product(&app, &admin, json!({"sku": "P1", "name": "Widget", "family": "Widgets", "unit": "PIECE"})).await;
    let widget = ok(&res)["createProduct"]["product"]["id"].as_str().unwrap().to_owned();
    let book = |name: &'static str, currency: &'static str, default: bool| {
        let app = &app;
        let token = admin.token.clone();
        async move {
            let res = app.gql(Some(&token), CREATE_BOOK, json!({"i": {"name": name, "currency": currency, "isDefault": default}})).await;
            ok(&res)["createPriceBook"]["priceBook"].clone()
        }
    };
    let first = book("Listino 2026", "eur", true).await;
    assert_eq!(first["currency"], "EUR");
    let second = book("Listino 2027", "EUR", true).await;
    let usd = book("US list", "USD", true).await;
    let books = "{ priceBooks { nodes { name isDefault version } } }";
    let res = app.gql(Some(&admin.token), books, json!({})).await;
    assert_eq!(
        ok(&res)["priceBooks"]["nodes"],
        json!([
            {"name": "Listino 2026", "isDefault": false, "version": 2},
            {"name": "Listino 2027", "isDefault": true, "version": 1},
            {"name": "US list", "isDefault": true, "version": 1},
        ]),
        "the newer EUR default replaced the older one, and USD keeps its own"
    );

    // Prices are exact decimals, set in bulk against the book's version.
    let set = |version: i64, price: &str| json!({"i": {"priceBookId": second["id"], "version": version, "prices": [{"productId": widget, "listPrice": price}]}});
    let res = app.gql(Some(&admin.token), SET_PRICES, set(1, "1234.5678")).await;
    assert_eq!(ok(&res)["setListPrices"]["priceBook"]["version"], 2);
    assert_eq!(code(&app.gql(Some(&admin.token), SET_PRICES, set(1, "1")).await), "CONFLICT", "stale book version");
    let res = app.gql(Some(&admin.token), SET_PRICES, set(2, "0.12345")).await;
    assert_eq!(field(&res, "/errors/0/extensions/reason"), "TOO_MANY_DECIMALS");
    let res = app.gql(Some(&admin.token), SET_PRICES, set(2, "-1")).await;
    assert_eq!(field(&res, "/errors/0/extensions/field"), "prices.0.listPrice");
    let unknown = json!({"i": {"priceBookId": usd["id"], "version": 1, "prices": [{"productId": widget, "listPrice": "10"}, {"productId": first["id"], "listPrice": "1"}]}});
    let res = app.gql(Some(&admin.token), SET_PRICES, unknown).await;
    assert_eq!(
        (field(&res, "/errors/0/extensions/field"), field(&res, "/errors/0/extensions/reason")),
        (&json!("prices.1.productId"), &json!("UNKNOWN_REFERENCE"))
    );
    let usd_prices = "query($id: ID!) { priceBook(id: $id) { version entries { totalCount } } }";
    assert_eq!(
        ok(&app.gql(Some(&admin.token), usd_prices, json!({"id": usd["id"]})).await)["priceBook"],
        json!({"version": 1, "entries": {"totalCount": 0}}),
        "all or none"
    );

    let entries = "query($id: ID!) { priceBook(id: $id) { entries { nodes { product { sku } listPrice { amount currency } } } } }";
    let res = app.gql(Some(&admin.token), entries, json!({"id": second["id"]})).await;
    assert_eq!(
        ok(&res)["priceBook"]["entries"]["nodes"],
        json!([{"product": {"sku": "P1"}, "listPrice": {"amount": "1234.5678", "currency": "EUR"}}])
    );
    let prices = "query($id: ID!) { product(id: $id) { listPrices { priceBook { name } listPrice { amount } } } }";
    let res = app.gql(Some(&admin.token), prices, json!({"id": widget})).await;
    assert_eq!(ok(&res)["product"]["listPrices"], json!([{"priceBook": {"name": "Listino 2027"}, "listPrice": {"amount": "1234.5678"}}]));

    let remove = "mutation($i: RemoveListPricesInput!) { removeListPrices(input: $i) { priceBook { version } } }";
    let res = app.gql(Some(&admin.token), remove, json!({"i": {"priceBookId": second["id"], "version": 2, "productIds": [widget]}})).await;
    assert_eq!(ok(&res)["removeListPrices"]["priceBook"]["version"], 3);
    assert_eq!(ok(&app.gql(Some(&admin.token), prices, json!({"id": widget})).await)["product"]["listPrices"], json!([]));
}
db_test!(one_default_book_per_currency_and_exact_prices);

async fn catalog_access_per_principal(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let res = product(&app, &admin, json!({"sku": "P1", "name": "Widget", "family": "Widgets", "unit": "PIECE"})).await;
    ok(&res);
    let read = "{ products { totalCount } priceBooks { totalCount } }";
    let new_product = json!({"sku": "P2", "name": "Gadget", "family": "Widgets", "unit": "PIECE"});

    for role in [StaffRole::SalesRep, StaffRole::Marketer, StaffRole::ServiceAgent, StaffRole::Analyst] {
        let user = app.staff(&format!("{role:?}@example.com").to_lowercase(), role).await;
        assert_eq!(ok(&app.gql(Some(&user.token), read, json!({})).await)["products"]["totalCount"], 1, "{role:?} reads");
        assert_eq!(code(&product(&app, &user, new_product.clone()).await), "FORBIDDEN", "{role:?} may not change the catalog");
    }
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let partner = app.partner_user("p@alpina.example", &partner_id).await;
    assert_eq!(ok(&app.gql(Some(&partner.token), read, json!({})).await)["products"]["totalCount"], 1, "partners quote the same products");
    assert_eq!(code(&product(&app, &partner, new_product.clone()).await), "FORBIDDEN");

    let customer = app.customer(&admin, json!({"name": "Rossi"})).await;
    let portal = app.customer_user("me@rossi.example", customer["id"].as_str().unwrap()).await;
    assert_eq!(code(&app.gql(Some(&portal.token), read, json!({})).await), "FORBIDDEN");

    let key = |scopes: Value| {
        let app = &app;
        let token = admin.token.clone();
        async move {
            let create = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
            let res = app.gql(Some(&token), create, json!({"i": {"name": "ERP", "scopes": scopes}})).await;
            ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned()
        }
    };
    let customers_only = key(json!(["CUSTOMERS_READ"])).await;
    assert_eq!(code(&app.gql(Some(&customers_only), read, json!({})).await), "FORBIDDEN");
    let sales_read = key(json!(["SALES_READ"])).await;
    assert_eq!(ok(&app.gql(Some(&sales_read), read, json!({})).await)["products"]["totalCount"], 1);
    assert_eq!(code(&app.gql(Some(&sales_read), CREATE_PRODUCT, json!({"i": new_product})).await), "FORBIDDEN");
    let sales_write = key(json!(["SALES_WRITE"])).await;
    ok(&app.gql(Some(&sales_write), CREATE_PRODUCT, json!({"i": new_product})).await);
}
db_test!(catalog_access_per_principal);
