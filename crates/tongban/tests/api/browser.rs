//! A browser for the HTML tests: keeps its cookies, shows redirects instead of following
//! them, reads a page's CSRF token and submits its forms as a browser encodes them.

use reqwest::{Client, StatusCode, Url, header};

use crate::support::{PASSWORD, TestApp};

/// A browser: keeps its cookies, shows redirects instead of following them.
pub struct Browser {
    client: Client,
    base: String,
}

/// What a request answered.
pub struct Answer {
    pub status: StatusCode,
    pub location: String,
    pub html: String,
}

/// `application/x-www-form-urlencoded`, repeated names allowed (like checkboxes).
pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut url = Url::parse("http://form.invalid/").unwrap();
    url.query_pairs_mut().extend_pairs(pairs);
    url.query().unwrap_or_default().to_string()
}

/// The `_csrf` value of the first form on a page.
pub fn csrf_of(html: &str) -> String {
    let marker = r#"name="_csrf" value=""#;
    let start = html.find(marker).expect("a form with a _csrf field") + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// The opening tag of the element with this id.
pub fn tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!(r#"id="{id}""#))
        .expect("element present");
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

/// The options of the `<select>` with this id.
pub fn select<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(r#"<select id="{id}""#))
        .expect("select present");
    let end = start + html[start..].find("</select>").unwrap();
    &html[start..end]
}

impl Browser {
    pub fn new(app: &TestApp) -> Browser {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            client,
            base: app.base.clone(),
        }
    }

    async fn answer(response: reqwest::Response) -> Answer {
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let html = response.text().await.unwrap();
        Answer {
            status,
            location,
            html,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        Self::answer(response).await
    }

    /// Posts a form exactly as given (no CSRF token added).
    pub async fn post(&self, path: &str, pairs: &[(&str, &str)]) -> Answer {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(encode(pairs))
            .send()
            .await
            .unwrap();
        Self::answer(response).await
    }

    /// Opens `page`, takes its CSRF token and submits the form to `action`.
    pub async fn submit(&self, page: &str, action: &str, pairs: &[(&str, &str)]) -> Answer {
        let opened = self.get(page).await;
        assert_eq!(opened.status, StatusCode::OK, "{page}: {}", opened.html);
        let csrf = csrf_of(&opened.html);
        let mut with_token = vec![("_csrf", csrf.as_str())];
        with_token.extend_from_slice(pairs);
        self.post(action, &with_token).await
    }

    /// Logs in through the login form.
    pub async fn login(app: &TestApp, username: &str, password: &str) -> (Browser, Answer) {
        let browser = Browser::new(app);
        let answer = browser
            .post(
                "/login",
                &[
                    ("username", username),
                    ("password", password),
                    ("next", "/"),
                ],
            )
            .await;
        (browser, answer)
    }

    pub async fn signed_in(app: &TestApp, username: &str) -> Browser {
        let (browser, answer) = Self::login(app, username, PASSWORD).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
        assert_eq!(answer.location, "/");
        browser
    }
}

/// The body of the page at `url`, as `client` sees it.
pub async fn page_text(client: &Client, url: impl reqwest::IntoUrl) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// Submits a form (its fields as given) to `url`.
pub async fn post_form<T: serde::Serialize + ?Sized>(
    client: &Client,
    url: impl reqwest::IntoUrl,
    form: &T,
) -> reqwest::Response {
    client.post(url).form(form).send().await.unwrap()
}
