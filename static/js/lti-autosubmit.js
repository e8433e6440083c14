// Deep linking: post the signed response back to the LMS without a click.
document.getElementById("lti-deep-link-return")?.submit();
