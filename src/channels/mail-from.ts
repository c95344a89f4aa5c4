/**
 * The domain of MAIL_FROM's address ("Acme Support <help@acme.example>" → acme.example), the
 * right-hand side of our Message-IDs: RFC 5322 asks for a domain the sender controls, and spam
 * filters mark mail whose Message-ID names another domain than its From. Undefined when MAIL_FROM
 * holds no address with a domain; the activities then use `followthrough.invalid`.
 */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const DOMAIN = new RegExp(`@(${LABEL}(?:\\.${LABEL})*)$`);

export function mailDomain(mailFrom: string): string | undefined {
  const address = /<([^<>]*)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom;
  return DOMAIN.exec(address.trim())?.[1]?.toLowerCase();
}
