// What every 404 says, inside whichever frame the page has: the centered card when
// signed out or at an unknown address, the app's header when a signed-in page is
// missing or not theirs. "/" goes on to the dashboard or to sign-in.
import Link from "next/link";

export function NotFoundMessage() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is nothing at this address, or it is not yours to see. Check the link, or start again from Tidings.</p>
      <Link className="button" href="/">
        Go to Tidings
      </Link>
    </>
  );
}
