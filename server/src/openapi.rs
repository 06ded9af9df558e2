//! What the OpenAPI description adds to the routes' own: the errors the shared extractors and
//! the body guard give on every route of a kind (a JSON body, path or query parameters), so
//! that every answer the server can give is described.

use utoipa::openapi::content::Content;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::{OpenApi, Ref, RefOr};

/// The answers of `extract::ApiJson` and `guard::read_body_first` to a bad body.
const BODY_ERRORS: [(&str, &str); 4] = [
    ("400", "The body is not valid JSON"),
    ("413", "The body is larger than this route accepts"),
    ("415", "The body is not sent as application/json"),
    ("422", "The body or a parameter does not have the expected shape"),
];

/// The answer of `extract::ApiPath` and `extract::ApiQuery` to a parameter that does not parse.
const PARAMETER_ERRORS: [(&str, &str); 1] = [("422", "A path or query parameter does not parse")];

/// Adds the shared errors to every operation they apply to, keeping what a route says itself.
pub fn add_shared_errors(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        for operation in operations(item) {
            if operation.request_body.is_some() {
                add(operation, &BODY_ERRORS);
            }
            if operation.parameters.as_ref().is_some_and(|parameters| !parameters.is_empty()) {
                add(operation, &PARAMETER_ERRORS);
            }
        }
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten()
}

fn add(operation: &mut Operation, errors: &[(&str, &str)]) {
    for (status, description) in errors {
        operation.responses.responses.entry((*status).to_owned()).or_insert_with(|| error(description));
    }
}

fn error(description: &str) -> RefOr<Response> {
    let body = Content::new(Some(Ref::from_schema_name("ErrorBody")));
    ResponseBuilder::new().description(description).content("application/json", body).build().into()
}
