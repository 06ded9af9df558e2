// The browser's own check for a phone or tablet, for what the server cannot see in the request headers.
//
// Safari on iPadOS 13+ (and iPhone "request desktop website") sends the User-Agent of Safari on a Mac
// and no client hints, so the server classifies it as a desktop. In the page, though, it is a "Mac"
// with a touch screen: navigator.platform is 'MacIntel' and maxTouchPoints is 5, where every real Mac
// has 0. The guest join page sends deviceReport() to the server, which refuses mobile guests.

const MOBILE_USER_AGENT = /Android|iPhone|iPad|iPod|Mobi/i;

// { mobile, reason } for the given navigator (the page's own by default).
export function deviceReport(nav = globalThis.navigator) {
  if (!nav) return { mobile: false, reason: 'no navigator to inspect' };
  const hints = nav.userAgentData;
  if (hints && hints.mobile === true) return { mobile: true, reason: 'navigator.userAgentData.mobile' };
  if (hints && (hints.platform === 'Android' || hints.platform === 'iOS')) {
    return { mobile: true, reason: `navigator.userAgentData.platform is ${hints.platform}` };
  }
  if (nav.platform === 'MacIntel' && nav.maxTouchPoints > 1) {
    return { mobile: true, reason: 'a Mac with a touch screen (iPadOS desktop mode)' };
  }
  if (/^(iPhone|iPad|iPod)/.test(nav.platform || '')) {
    return { mobile: true, reason: `navigator.platform is ${nav.platform}` };
  }
  if (MOBILE_USER_AGENT.test(nav.userAgent || '')) {
    return { mobile: true, reason: 'the user agent names a phone or tablet' };
  }
  return { mobile: false, reason: 'no sign of a phone or tablet' };
}

// True when the page runs on a phone or tablet, including one that pretends to be a desktop.
export function isMobileClient(nav = globalThis.navigator) {
  return deviceReport(nav).mobile;
}
