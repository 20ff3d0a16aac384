// The one email an extra recipient gets before they agree: someone named this address
// on an upload, and Tidings asks whether it may send that person's batch emails here.
// Fixed words only — no file name, no batch title, nothing the uploader typed — except
// the uploader's own sign-in address, which they proved they control.
import { Heading, Link, Text } from "@react-email/components";
import { EmailButton } from "./_components/email-button";
import { EmailLayout } from "./_components/layout";
import { textStyles } from "./_components/styles";

export type RecipientConsentEmailProps = Readonly<{
  /** The sign-in address of the person who named this address (verified by their magic link). */
  ownerEmail: string;
  /** The page that shows the request with Accept / Refuse buttons (opening it changes nothing). */
  answerUrl: string;
  /** The same page, opened at "never ask again". */
  neverAskUrl: string;
}>;

export default function RecipientConsentEmail({ ownerEmail, answerUrl, neverAskUrl }: RecipientConsentEmailProps) {
  return (
    <EmailLayout preview="Someone asked Tidings to email you when their uploads are processed. Nothing is sent unless you accept." unsubscribeUrl={neverAskUrl}>
      <Heading as="h1" style={textStyles.heading}>
        Do you want batch emails from Tidings?
      </Heading>
      <Text style={textStyles.text}>
        The Tidings user <strong>{ownerEmail}</strong> wants to send you an email each time one of their uploads (contact lists they
        have checked) is processed.
      </Text>
      <Text style={textStyles.text}>
        Nothing is sent to you unless you accept. If you do not answer, Tidings sends you nothing more, and this person cannot ask
        again.
      </Text>
      <EmailButton href={answerUrl}>Accept or refuse</EmailButton>
      <Text style={textStyles.muted}>
        Do not want requests like this from anyone?{" "}
        <Link href={neverAskUrl} style={textStyles.link}>
          Never ask me again
        </Link>
        . If you do not know this person, you can ignore this email.
      </Text>
    </EmailLayout>
  );
}

RecipientConsentEmail.PreviewProps = {
  ownerEmail: "preview-owner@acme-mail.com",
  answerUrl: "http://localhost:3000/r/preview-token",
  neverAskUrl: "http://localhost:3000/r/preview-token?choice=never",
} satisfies RecipientConsentEmailProps;
