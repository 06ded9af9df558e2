// The console's router: views move to another page with `navigate`; the app hands over the
// function that shows the current page (`route`), so no view imports the app that imports it.

let show = () => {};

// The app's page renderer, shown now and on every navigation and back/forward step.
export function route(render) {
  show = render;
  window.addEventListener('popstate', render);
  render();
}

export function navigate(path) {
  history.pushState({}, '', path);
  show();
}
