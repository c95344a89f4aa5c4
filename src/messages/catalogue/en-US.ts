/**
 * Every customer-facing message in English, as ICU MessageFormat (intl-messageformat): the
 * catalogue the others are checked against (its keys are `MessageKey`, so a key missing from
 * another locale fails tsc, and test/messages/catalogue.unit.test.ts checks their arguments and
 * select options match).
 *
 * Keys: `<purpose>.subject`, `<purpose>.sms` and `<purpose>.email` (the body between the greeting
 * and the reach-us line) for every customer purpose; `frame.*` for what every customer message
 * shares; `satisfaction.*` for the answer links; `reply.*` for the HELP and opt-out replies.
 *
 * Arguments (format.ts fills them; frame.ts and the templates say what each holds):
 * - `first`, `owner`, `summary`, `reason`, `text`, `lead`, `previous`, `resolution`, `pending`:
 *   words written by people. In an SMS they are free text that composeSms cuts to fit.
 * - `due`, `hearBy`, `until`, `checkAfter`, `next`, `was`, `retryBy`: a whole time ("3:15 PM CST
 *   today"); `dueClock`, `at`: a clock time ("3:15 PM CST"). Spanish ones come with their article.
 * - `ref`: " (ref TICKET-4411)" or nothing, from `frame.ref`.
 * - `has…`: "yes" or "no", for `select`; `outcome`: how a call went, for `select`.
 * Conditional pieces are `select`s, so each language words both branches. No customer message
 * carries a count yet; one that does takes it as a number and words it with `plural`.
 *
 * ICU syntax: `{` `}` are arguments, so a literal brace would be written '{'; a lone apostrophe
 * (we'll, it's) is literal. Tags are off (ignoreTag), so < and > are plain text.
 */
export const enUS = {
  // What every customer message shares.
  'frame.greeting': 'Hi {first},',
  'frame.reach':
    '{texts, select, yes {To reach us, reply to any of our texts (we read every reply) or call us as you did before} other {To reach us, call us as you did before}}' +
    '{hasRef, select, yes { and quote ref {refNo}} other {}}. Replies to this email are not read.',
  'frame.stop': 'Reply STOP to opt out.',
  'frame.signOff': '{brand}',
  'frame.ref': '(ref {refNo})',

  'customer_recap.subject': '{owner} will get back to you by {due}',
  'customer_recap.sms':
    "Hi {first}, {owner} is handling this: {summary} By {due}. If it slips, a supervisor takes over and we'll tell you. Reply here with questions.",
  'customer_recap.email':
    'Thanks for talking with us. Here is what we agreed{ref}:\n\n  What: {summary}\n  Who: {owner}\n  By: {due}\n\n' +
    '{owner} owns this until it is done. If it cannot be done by then, a supervisor takes it over and we will tell you before you have to call us.' +
    '{hasPage, select, yes {\n\nIf another time suits you better, or you still need help, say so here: {pageLink}} other {}}',

  'fulfilment_recap.subject': 'Done: {summary}',
  'fulfilment_recap.sms':
    'Hi {first}, {owner} here, done: {resolution}' +
    '{hasPending, select, yes { Still pending: {pending}} other { Nothing else is pending.}}' +
    "{hasCheckAfter, select, yes { We'll check with you after {checkAfter}.} other {}}" +
    "{hasNext, select, yes { We'll be in touch again by {next}.} other {}}",
  'fulfilment_recap.email':
    '{owner} has finished what we promised{ref}.\n\n  What we did: {resolution}\n  Still pending: {hasPending, select, yes {{pending}} other {nothing}}' +
    '{hasCheckAfter, select, yes {\n  Should be through by: {checkAfter}} other {}}' +
    "{hasNext, select, yes {\n  We'll contact you next: by {next}} other {}}\n\n" +
    '{hasCheckAfter, select, yes {After {checkAfter} we will ask you whether it is really sorted.} other {Then we will ask you whether it is really sorted.}}',

  'customer_extended.subject': 'New time: {owner} will get back to you by {due}',
  'customer_extended.sms': 'Hi {first}, an update on "{summary}": {owner} now needs until {due}. Why: {reason} If that slips too, a supervisor takes over.',
  'customer_extended.email':
    '{owner} needs more time for "{summary}"{ref}.\n\n  New time: {due}\n  Why: {reason}\n\nIf that slips too, a supervisor takes it over and we will tell you.',

  'customer_cancelled.subject': 'Update on your request: {summary}',
  'customer_cancelled.sms': 'Hi {first}, "{summary}" is no longer going ahead: {reason} If that is not what you expected, please call us.',
  'customer_cancelled.email':
    '"{summary}"{ref} is no longer going ahead.\n\n  Why: {reason}\n\nIf that is not what you expected, call us and we will pick it up.',

  'customer_escalated.subject':
    "{hasHearBy, select, yes {A supervisor now owns your request: you'll hear by {hearBy}} other {A supervisor now owns your request}}",
  'customer_escalated.sms':
    "Hi {first}, we missed our {dueClock} deadline for: {summary} I'm sorry. {supervisor}, a supervisor, now owns it and has your full history, so no need to repeat anything. " +
    "{hasHearBy, select, yes {You'll hear from them by {hearBy}.} other {You'll hear from them directly.}}",
  'customer_escalated.email':
    'We promised "{summary}" by {due}, and we missed it. I\'m sorry.\n\n' +
    '{supervisor}, a supervisor, now owns your request{ref} and has the full history, so you will not need to explain anything again. ' +
    "{hasHearBy, select, yes {You'll hear from them by {hearBy}.} other {You'll hear from them directly.}}",

  'customer_reassigned.subject': '{owner} now looks after your request',
  'customer_reassigned.sms': 'Hi {first}, {owner} has taken over "{summary}" from {previous} and has all the notes. Still by {due}.',
  'customer_reassigned.email':
    '{owner} has taken over "{summary}"{ref} from {previous}, with all the notes, so you will not need to explain anything again.\n\nThe time stays the same: {due}.',
  /** Who had it before, when the handover did not say. */
  'customer_reassigned.previousUnknown': 'your previous contact',

  'customer_new_owner.subject': '{owner} owns your request now: by {due}',
  'customer_new_owner.sms': 'Hi {first}, {owner} now personally owns "{summary}" and has your full history. You\'ll hear back by {due}.',
  'customer_new_owner.email': '{owner} now personally owns "{summary}"{ref} and has the full history.\n\nYou will hear back by {due}.',

  'customer_unacknowledged.subject': 'An honest update on your request: {summary}',
  'customer_unacknowledged.sms':
    'Hi {first}, an honest update on "{summary}": no supervisor has picked it up yet, and I\'m sorry. ' +
    '{hasLead, select, yes {{lead}, the team lead, has} other {Our team lead has}} now been alerted to take it over. Reply here if anything has changed.',
  'customer_unacknowledged.email':
    'We told you a supervisor would take over "{summary}"{ref}. None of them has picked it up yet, and I\'m sorry.\n\n' +
    '{hasLead, select, yes {{lead}, the team lead,} other {Our team lead}} has now been alerted, with your full history, to take it over. ' +
    'We will tell you who owns it as soon as someone does.',

  'customer_paused.subject': 'On hold while we wait: {summary}',
  'customer_paused.sms':
    'Hi {first}, we have paused "{summary}" while we wait for: {reason} ' +
    "{hasUntil, select, yes {We'll pick it up again by {until} at the latest.} other {When that arrives, we'll pick it up again and tell you the new time.}}" +
    ' Reply here with questions.',
  'customer_paused.email':
    'We have paused "{summary}"{ref}, and the clock on our promise with it.\n\n  Waiting for: {reason}' +
    '{hasUntil, select, yes {\n  Paused until: {until} at the latest} other {}}\n\n' +
    "{hasUntil, select, yes {We'll pick it up again by {until} at the latest.} other {When that arrives, we'll pick it up again and tell you the new time.}}",

  'customer_resumed.subject': 'Back on it: {owner} will get back to you by {due}',
  'customer_resumed.sms': 'Hi {first}, we are working on "{summary}" again. {owner} will get back to you by {due}.',
  'customer_resumed.email': 'We are working on "{summary}"{ref} again, and the clock on our promise is running.\n\n  Who: {owner}\n  New time: {due}',

  'customer_rescheduled.subject': 'New time: {owner} will get back to you by {due}',
  'customer_rescheduled.sms':
    'Hi {first}, our opening hours changed, so the time for "{summary}" moves: {owner} will get back to you by {due}{hasWas, select, yes { (not {was})} other {}}.',
  'customer_rescheduled.email':
    'Our opening hours have changed, so the time we gave you for "{summary}"{ref} moves.\n\n  Who: {owner}\n  New time: {due}' +
    '{hasWas, select, yes {\n  Instead of: {was}} other {}}',

  'customer_attempted.subject': 'We tried to reach you: {summary}',
  'customer_attempted.sms':
    'Hi {first}, {owner} called{hasAt, select, yes { at {at}} other {}} about "{summary}" and ' +
    '{outcome, select, no_answer {could not reach you} voicemail {left you a voicemail} busy {found your line busy} wrong_number {could not reach you on the number we have} other {could not reach you}}. ' +
    '{outcome, select, wrong_number {Please reply with a number we can call you on.} other {We will try again{hasRetry, select, yes { by {retryBy}} other {}}{hasPage, select, yes {, or pick a time that suits you: {pageLink}} other {; reply with a time that suits you better.}}}}',
  'customer_attempted.email':
    '{owner} called you{hasAt, select, yes { at {at}} other {}} about "{summary}"{ref} and ' +
    '{outcome, select, no_answer {could not reach you} voicemail {left you a voicemail} busy {found your line busy} wrong_number {could not reach you on the number we have} other {could not reach you}}.\n\n' +
    '{outcome, select, wrong_number {Please get in touch with a number we can call you on.} other {We will try again{hasRetry, select, yes { by {retryBy}} other {}}.}}' +
    '{hasPage, select, yes {\n\nPick a time that suits you: {pageLink}} other {}}',

  'customer_progress.subject': 'Update from {owner}: {summary}',
  'customer_progress.sms': 'Hi {first}, an update from {owner} on "{summary}": {text} Still due by {due}.',
  'customer_progress.email': 'An update from {owner} on "{summary}"{ref}:\n\n{text}\n\nThe time we promised stands: {due}.',

  'customer_checkin.subject': 'Still on track for {due}: {summary}',
  'customer_checkin.sms': 'Hi {first}, a check-in on "{summary}": {owner} is on it and still on track for {due}. Reply here if anything has changed for you.',
  'customer_checkin.email':
    'A check-in on "{summary}"{ref}: {owner} is on it and still on track for {due}.\n\nIf anything has changed on your side, tell us and we will take it into account.',

  // The answer links in a satisfaction email: signed links when we have them, else the text reply that works.
  'satisfaction.yesLink': '{hasUrl, select, yes {{url}} other {(reply YES to our text)}}',
  'satisfaction.noLink': '{hasUrl, select, yes {{url}} other {(reply NO to our text)}}',

  'satisfaction_ask.subject': 'Is it fully sorted? {summary}',
  'satisfaction_ask.sms': 'Hi {first}, is "{summary}" fully resolved now? Reply YES or NO. If not, it goes straight back to a supervisor.',
  'satisfaction_ask.email':
    '{owner} finished "{summary}". Is it fully resolved for you?\n\n  Yes, it\'s resolved: {yesLink}\n  No, not yet: {noLink}\n\n' +
    'If it is not, it goes straight back to a supervisor with your words.',

  'satisfaction_reminder.subject': 'Reminder: is it fully sorted? {summary}',
  'satisfaction_reminder.sms': 'Hi {first}, just checking: is "{summary}" fully resolved? Reply YES or NO.',
  'satisfaction_reminder.email': 'A quick reminder: is "{summary}" fully resolved for you?\n\n  Yes: {yesLink}\n  No: {noLink}',

  'satisfaction_reask.subject': 'One more time: is it fully sorted? {summary}',
  'satisfaction_reask.sms':
    'Hi {first}, thanks, we passed your message to {owner}. We could not tell if it was a yes: is "{summary}" fully resolved? Please reply YES or NO.',
  'satisfaction_reask.email':
    'Thanks for your reply; we passed it to {owner}. We could not tell from it whether "{summary}" is fully resolved for you.\n\n  Yes: {yesLink}\n  No: {noLink}',

  'rating_ask.subject': 'How did we do?',
  'rating_ask.sms': "Thanks, {first}, glad it's sorted. How did {owner} do? Reply 1 (poor) to 5 (great). No reply needed if you'd rather not.",
  // Closed: a digit is the only text still matched to it, so without a phone we only thank them.
  'rating_ask.email':
    "Thanks, glad it's sorted.{hasPhone, select, yes {\n\nIf you would like to tell us how {ownerFirst} did, reply to our text with a number from 1 (poor) to 5 (great).} other {}}",

  // Replies to keywords (templates.ts): one GSM-7 text each.
  'reply.help':
    '{brand}: texts about your support request. Reply YES or NO when we ask if it is resolved, STOP to stop texts (we will email instead), START to resume. ' +
    '{hasContact, select, yes {For help, contact {contact}.} other {For help, call us as you did before.}}',
  'reply.optedOut': "{brand}: you won't get more texts from us. Reply START to get them again.{hasOwner, select, yes { {owner} has your message.} other {}}",
  'reply.optedIn': 'You will get texts from us again. Reply STOP to stop.',
  // Answers to a customer's text (src/api/twilio/inbound.ts).
  'reply.passedOn': "Thanks, we've passed your message to {owner}.",
  'reply.noMatch': 'We could not match this number to a request. Please call us and we will pick it up.',
  'reply.confirmedRated': 'Thank you for confirming, and for the rating.',
  'reply.rated': 'Thank you for the rating.',
  'reply.manager': "Thanks, we've told {owner} you asked for a manager.",

  // The customer's pages (src/api/confirm.ts, src/api/customer-page.ts): HTML, so the page escapes
  // each value and writes these words as they are (no markup in them). Titles are plain text.
  // The answer page behind the YES and NO links of a satisfaction email (/c/{token}).
  'page.answer.yesTitle': 'Is it fully resolved?',
  'page.answer.yesAsk': 'Glad to hear it. How did we do? (optional)',
  'page.answer.poor': '(poor)',
  'page.answer.great': '(great)',
  'page.answer.yesButton': "Yes, it's resolved",
  'page.answer.noTitle': 'Sorry it is not sorted yet',
  'page.answer.noLabel': 'What is still not right? A supervisor will read this before contacting you.',
  'page.answer.noButton': "No, it's not resolved",
  'page.answer.alreadyTitle': 'Already answered',
  'page.answer.already': 'We already have your answer to this question. Thank you.',
  'page.answer.failedTitle': 'We could not record that',
  'page.answer.failed': 'We could not record your answer just now. Please try again in a minute.',
  /** The commitment refused the answer. The English page shows the commitment's own reason instead; other languages this. */
  'page.answer.closed': 'This question is closed. If anything is still wrong, call us and we will pick it up.',
  'page.answer.thanksTitle': 'Thank you',
  'page.answer.thanksYes': 'Thanks for confirming. We are glad it is sorted.',
  'page.answer.thanksNo': 'Thank you for telling us. A supervisor now owns this and will contact you; you will not need to explain it again.',
  // The customer's own page of a commitment (/p/{token}). `due` is a whole time, with its article in Spanish.
  'page.customer.title': 'Your callback from {owner}',
  'page.customer.what': 'What',
  'page.customer.who': 'Who',
  'page.customer.by': 'By',
  'page.customer.due': '{due}',
  'page.customer.latest': 'Latest update',
  'page.customer.stands': 'Where it stands',
  'page.customer.status.paused': 'On hold while we wait for something; we will tell you the new time.',
  'page.customer.status.escalated': 'A supervisor has it now and will contact you.',
  'page.customer.status.fulfilled': 'Done.',
  'page.customer.status.confirmed': 'Done, and you told us it is resolved.',
  'page.customer.status.unconfirmed': 'Done.',
  'page.customer.status.cancelled': 'Cancelled.',
  'page.customer.pickTitle': 'Pick another time',
  /** `left`: how many more times the customer may move it. */
  'page.customer.pickLabel': 'A time that suits you better (your time; you can change it {left, plural, =1 {once more} =2 {twice} other {# more times}})',
  'page.customer.moveButton': 'Move my callback',
  'page.customer.helpTitle': 'I still need help',
  'page.customer.helpLabel': 'Tell {owner} what you need (they read it before they call)',
  'page.customer.helpButton': 'Send to {owner}',
  'page.customer.moved': 'Done: {owner} will get back to you by {due}, and knows you asked.',
  'page.customer.movedAlready': 'Done: {owner} will get back to you by {due}.',
  'page.customer.moveRefused': 'That time cannot be picked now; please choose one of the times below.',
  /** The commitment refused the move. The English page shows the commitment's own reason when it gives one; other languages this. */
  'page.customer.cannotMove': 'It cannot be moved now.',
  'page.customer.helpClosed': 'This is closed; if you still need help, reply to our text.',
  'page.customer.helpEmpty': 'Please write a few words about what you need.',
  'page.customer.helpSent': 'Sent. {owner} will read it before they contact you.',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof enUS;
export type Catalogue = Record<MessageKey, string>;
