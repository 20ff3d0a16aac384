"use client";

import { useEffect, useRef } from "react";
import styles from "./email-preview.module.css";

/** Until the email has loaded, and should its height be unreadable: tall enough for most of one. */
const INITIAL_HEIGHT = 640;

/**
 * The email's HTML in a frame as tall as the email, so the whole message (footer included)
 * is read with the page's own scrolling. The frame is same-origin but may run no script
 * (neither the sandbox nor the frame's policy allows any): same-origin only lets this page
 * read the document's height. The height goes in the frame's `height` attribute: the
 * Content-Security-Policy refuses inline styles.
 */
export function EmailFrame({ title, src }: { title: string; src: string }) {
  const frame = useRef<HTMLIFrameElement>(null);

  function fitToContent() {
    const element = frame.current;
    const document = element?.contentDocument;
    if (!element || !document?.documentElement || document.URL === "about:blank") return;
    const height = Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0);
    // The attribute sets the frame's box, border included (border-box): add the border back.
    const border = element.offsetHeight - element.clientHeight;
    if (height > 0) element.height = String(height + border);
  }

  // The email may have loaded before this page's script ran, and its load event with it.
  useEffect(() => {
    if (frame.current?.contentDocument?.readyState === "complete") fitToContent();
  }, []);

  return (
    <iframe
      ref={frame}
      title={title}
      // Popups so a link opens in a new tab; same-origin for the height. No scripts, forms or top navigation.
      sandbox="allow-popups allow-popups-to-escape-sandbox allow-same-origin"
      src={src}
      height={INITIAL_HEIGHT}
      onLoad={fitToContent}
      className={styles.frame}
      data-testid="email-frame"
    />
  );
}
