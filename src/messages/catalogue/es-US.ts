/**
 * Every customer-facing message in Spanish (es-US), as ICU MessageFormat: the same keys, arguments
 * and select options as en-US.ts (test/messages/catalogue.unit.test.ts). Written to the customer as
 * a person would write: usted, short sentences, the concrete time; not a word-for-word translation.
 *
 * Accents in texts. Customer texts stay GSM-7 and within two segments: 306 units, enough for a
 * recap with its summary. One letter outside GSM-7 would make the whole text UCS-2, where two
 * segments hold only 134 characters, too few for the recap. GSM-7 has é, ñ, ü, É, Ñ, Ü, ¿ and ¡,
 * but not á, í, ó, ú (nor Á, Í, Ó, Ú): so in an SMS, and only there, those four vowels lose their
 * accent ("mañana" stays, "sábado" becomes "sabado", "SÍ" becomes "SI"). toGsm7 (sms.ts) does it to
 * the fixed words of every customer text and to the free text in it, as it always has. Subjects and
 * emails keep every accent.
 *
 * Times come with their article ("las 3:15 p.m. CST hoy", "la 1:30 p.m. CST"; time.ts, withArticle),
 * so a sentence says "antes de {due}" and "a {at}" whatever the hour.
 */
import type { Catalogue } from './en-US';

export const esUS: Catalogue = {
  'frame.greeting': 'Hola, {first}:',
  'frame.reach':
    '{texts, select, yes {Para comunicarse con nosotros, responda a cualquiera de nuestros mensajes de texto (leemos todas las respuestas) o llámenos como lo hizo antes} other {Para comunicarse con nosotros, llámenos como lo hizo antes}}' +
    '{hasRef, select, yes { y mencione la referencia {refNo}} other {}}. No leemos las respuestas a este correo.',
  'frame.stop': 'Responda STOP para no recibir más mensajes.',
  'frame.signOff': 'Saludos,\n{brand}',
  'frame.ref': '(ref. {refNo})',

  'customer_recap.subject': '{owner} le responderá antes de {due}',
  'customer_recap.sms':
    'Hola {first}, {owner} se encarga de esto: {summary} Antes de {due}. Si se retrasa, un supervisor lo asume y le avisamos. Puede responder aquí con sus preguntas.',
  'customer_recap.email':
    'Gracias por hablar con nosotros. Esto es lo que acordamos{ref}:\n\n  Qué: {summary}\n  Quién: {owner}\n  Plazo: antes de {due}\n\n' +
    '{owner} se encarga de esto hasta terminarlo. Si no se puede hacer a tiempo, un supervisor lo asume y le avisaremos antes de que tenga que llamarnos.' +
    '{hasPage, select, yes {\n\nSi le conviene más otro momento, o todavía necesita ayuda, díganoslo aquí: {pageLink}} other {}}',

  'fulfilment_recap.subject': 'Listo: {summary}',
  'fulfilment_recap.sms':
    'Hola {first}, soy {owner}. Listo: {resolution}' +
    '{hasPending, select, yes { Falta: {pending}} other { No queda nada pendiente.}}' +
    '{hasCheckAfter, select, yes { Le preguntaremos cómo va tras {checkAfter}.} other {}}' +
    '{hasNext, select, yes { Le escribimos antes de {next}.} other {}}',
  'fulfilment_recap.email':
    '{owner} terminó lo que le prometimos{ref}.\n\n  Lo que hicimos: {resolution}\n  Queda pendiente: {hasPending, select, yes {{pending}} other {nada}}' +
    '{hasCheckAfter, select, yes {\n  Debería quedar listo antes de {checkAfter}} other {}}' +
    '{hasNext, select, yes {\n  Volveremos a escribirle antes de {next}} other {}}\n\n' +
    '{hasCheckAfter, select, yes {Después de {checkAfter} le preguntaremos si de verdad quedó resuelto.} other {Después le preguntaremos si de verdad quedó resuelto.}}',

  'customer_extended.subject': 'Nuevo plazo: {owner} le responderá antes de {due}',
  'customer_extended.sms':
    'Hola {first}, una novedad sobre "{summary}": {owner} necesita hasta {due}. Motivo: {reason} Si vuelve a retrasarse, un supervisor lo asume.',
  'customer_extended.email':
    '{owner} necesita más tiempo para "{summary}"{ref}.\n\n  Nuevo plazo: antes de {due}\n  Motivo: {reason}\n\nSi vuelve a retrasarse, un supervisor lo asume y le avisaremos.',

  'customer_cancelled.subject': 'Novedad sobre su solicitud: {summary}',
  'customer_cancelled.sms': 'Hola {first}, "{summary}" ya no se va a hacer: {reason} Si no es lo que esperaba, llámenos, por favor.',
  'customer_cancelled.email': '"{summary}"{ref} ya no se va a hacer.\n\n  Motivo: {reason}\n\nSi no es lo que esperaba, llámenos y lo retomamos.',

  'customer_escalated.subject':
    '{hasHearBy, select, yes {Un supervisor se encarga ahora de su solicitud: le escribirá antes de {hearBy}} other {Un supervisor se encarga ahora de su solicitud}}',
  'customer_escalated.sms':
    'Hola {first}, no cumplimos el plazo de {dueClock} para: {summary} Lo sentimos. {supervisor}, de supervisión, lo asume y ya conoce su caso. ' +
    '{hasHearBy, select, yes {Le contactará antes de {hearBy}.} other {Le contactará directamente.}}',
  'customer_escalated.email':
    'Le prometimos "{summary}" antes de {due} y no lo cumplimos. Lo sentimos.\n\n' +
    '{supervisor}, de supervisión, se encarga ahora de su solicitud{ref} y tiene todo el historial, así que no tendrá que explicar nada de nuevo. ' +
    '{hasHearBy, select, yes {Se comunicará con usted antes de {hearBy}.} other {Se comunicará con usted directamente.}}',

  'customer_reassigned.subject': '{owner} se encarga ahora de su solicitud',
  'customer_reassigned.sms':
    'Hola {first}, {owner} se encarga ahora de "{summary}" en lugar de {previous} y tiene todas las notas. El plazo sigue: antes de {due}.',
  'customer_reassigned.email':
    '{owner} se encarga ahora de "{summary}"{ref} en lugar de {previous}, con todas las notas, así que no tendrá que explicar nada de nuevo.\n\n' +
    'El plazo no cambia: antes de {due}.',
  'customer_reassigned.previousUnknown': 'su contacto anterior',

  'customer_new_owner.subject': '{owner} lleva ahora su solicitud: respuesta antes de {due}',
  'customer_new_owner.sms': 'Hola {first}, {owner} se encarga ahora personalmente de "{summary}" y tiene todo su historial. Tendrá respuesta antes de {due}.',
  'customer_new_owner.email': '{owner} se encarga ahora personalmente de "{summary}"{ref} y tiene todo el historial.\n\nTendrá respuesta antes de {due}.',

  'customer_unacknowledged.subject': 'Le debemos una explicación: {summary}',
  'customer_unacknowledged.sms':
    'Hola {first}, le debemos una explicación sobre "{summary}": ningún supervisor lo ha tomado todavía. Lo sentimos. ' +
    '{hasLead, select, yes {Ya avisamos a {lead}, líder del equipo,} other {Ya avisamos a quien dirige el equipo}} para que lo asuma. Responda aquí si algo ha cambiado.',
  'customer_unacknowledged.email':
    'Le dijimos que un supervisor se encargaría de "{summary}"{ref}. Todavía nadie lo ha tomado. Lo sentimos.\n\n' +
    '{hasLead, select, yes {Ya avisamos a {lead}, líder del equipo,} other {Ya avisamos a quien dirige el equipo}} para que lo asuma, con todo su historial. ' +
    'Le diremos quién se encarga en cuanto alguien lo haga.',

  'customer_paused.subject': 'En pausa mientras esperamos: {summary}',
  'customer_paused.sms':
    'Hola {first}, pausamos "{summary}" mientras esperamos: {reason} ' +
    '{hasUntil, select, yes {Lo retomaremos a más tardar a {until}.} other {Cuando llegue, lo retomaremos y le diremos el nuevo plazo.}}' +
    ' Puede responder aquí con sus preguntas.',
  'customer_paused.email':
    'Pausamos "{summary}"{ref} y, con ello, el plazo de lo que le prometimos.\n\n  En espera de: {reason}' +
    '{hasUntil, select, yes {\n  En pausa como máximo hasta {until}} other {}}\n\n' +
    '{hasUntil, select, yes {Lo retomaremos a más tardar a {until}.} other {Cuando llegue, lo retomaremos y le diremos el nuevo plazo.}}',

  'customer_resumed.subject': 'Seguimos con ello: {owner} le responderá antes de {due}',
  'customer_resumed.sms': 'Hola {first}, retomamos "{summary}". {owner} le responderá antes de {due}.',
  'customer_resumed.email': 'Retomamos "{summary}"{ref} y el plazo vuelve a correr.\n\n  Quién: {owner}\n  Nuevo plazo: antes de {due}',

  'customer_rescheduled.subject': 'Nuevo plazo: {owner} le responderá antes de {due}',
  'customer_rescheduled.sms':
    'Hola {first}, con nuestro nuevo horario, "{summary}" tiene otro plazo: {owner} le responderá antes de {due}{hasWas, select, yes { (en lugar de {was})} other {}}.',
  'customer_rescheduled.email':
    'Cambió nuestro horario de atención, así que cambia el plazo que le dimos para "{summary}"{ref}.\n\n  Quién: {owner}\n  Nuevo plazo: antes de {due}' +
    '{hasWas, select, yes {\n  Plazo anterior: antes de {was}} other {}}',

  'customer_attempted.subject': 'Intentamos comunicarnos con usted: {summary}',
  'customer_attempted.sms':
    'Hola {first}, {owner} le ha llamado{hasAt, select, yes { a {at}} other {}} por "{summary}" y ' +
    '{outcome, select, no_answer {no pudo contactarle} voicemail {le ha dejado un mensaje de voz} busy {la línea estaba ocupada} wrong_number {no ha podido localizarle en el número que tenemos} other {no pudo contactarle}}. ' +
    '{outcome, select, wrong_number {Por favor, responda con un número al que podamos llamarle.} other {Volveremos a llamar{hasRetry, select, yes { antes de {retryBy}} other {}}{hasPage, select, yes {, o elija otra hora: {pageLink}} other {; responda si prefiere otro momento.}}}}',
  'customer_attempted.email':
    '{owner} le llamó{hasAt, select, yes { a {at}} other {}} por "{summary}"{ref} y ' +
    '{outcome, select, no_answer {no pudo hablar con usted} voicemail {le dejó un mensaje de voz} busy {la línea estaba ocupada} wrong_number {no pudo localizarle en el número que tenemos} other {no pudo hablar con usted}}.\n\n' +
    '{outcome, select, wrong_number {Por favor, díganos un número al que podamos llamarle.} other {Volveremos a intentarlo{hasRetry, select, yes { antes de {retryBy}} other {}}.}}' +
    '{hasPage, select, yes {\n\nElija el momento que le convenga: {pageLink}} other {}}',

  'customer_progress.subject': 'Novedades de {owner}: {summary}',
  'customer_progress.sms': 'Hola {first}, novedades de {owner} sobre "{summary}": {text} El plazo sigue: antes de {due}.',
  'customer_progress.email': 'Novedades de {owner} sobre "{summary}"{ref}:\n\n{text}\n\nEl plazo que le dimos se mantiene: antes de {due}.',

  'customer_checkin.subject': 'Vamos a tiempo para {due}: {summary}',
  'customer_checkin.sms':
    'Hola {first}, le contamos cómo va "{summary}": {owner} está en ello y vamos a tiempo para {due}. Responda aquí si algo ha cambiado para usted.',
  'customer_checkin.email':
    'Le contamos cómo va "{summary}"{ref}: {owner} está en ello y vamos a tiempo para {due}.\n\nSi algo ha cambiado por su parte, díganoslo y lo tendremos en cuenta.',

  'satisfaction.yesLink': '{hasUrl, select, yes {{url}} other {(responda SÍ a nuestro mensaje de texto)}}',
  'satisfaction.noLink': '{hasUrl, select, yes {{url}} other {(responda NO a nuestro mensaje de texto)}}',

  'satisfaction_ask.subject': '¿Quedó todo resuelto? {summary}',
  'satisfaction_ask.sms': 'Hola {first}, ¿ya está resuelto por completo "{summary}"? Responda SÍ o NO. Si no, vuelve enseguida a un supervisor.',
  'satisfaction_ask.email':
    '{owner} terminó "{summary}". ¿Quedó resuelto por completo?\n\n  Sí, quedó resuelto: {yesLink}\n  No, todavía no: {noLink}\n\n' +
    'Si no lo está, vuelve enseguida a un supervisor, con sus palabras.',

  'satisfaction_reminder.subject': 'Recordatorio: ¿quedó todo resuelto? {summary}',
  'satisfaction_reminder.sms': 'Hola {first}, solo para confirmar: ¿ya está resuelto por completo "{summary}"? Responda SÍ o NO.',
  'satisfaction_reminder.email': 'Un breve recordatorio: ¿quedó resuelto por completo "{summary}"?\n\n  Sí: {yesLink}\n  No: {noLink}',

  'satisfaction_reask.subject': 'Una vez más: ¿quedó todo resuelto? {summary}',
  'satisfaction_reask.sms':
    'Hola {first}, gracias, le pasamos su mensaje a {owner}. No entendimos si su respuesta es SÍ: ¿ya está resuelto por completo "{summary}"? Responda SÍ o NO, por favor.',
  'satisfaction_reask.email':
    'Gracias por su respuesta; se la pasamos a {owner}. No nos quedó claro si "{summary}" quedó resuelto por completo.\n\n  Sí: {yesLink}\n  No: {noLink}',

  'rating_ask.subject': '¿Cómo lo hicimos?',
  'rating_ask.sms':
    'Gracias, {first}, nos alegra que esté resuelto. ¿Cómo lo hizo {owner}? Responda del 1 (mal) al 5 (excelente). Si prefiere no hacerlo, no hace falta responder.',
  'rating_ask.email':
    'Gracias, nos alegra que esté resuelto.{hasPhone, select, yes {\n\nSi quiere contarnos cómo lo hizo {ownerFirst}, responda a nuestro mensaje de texto con un número del 1 (mal) al 5 (excelente).} other {}}',

  // STOP and ALTO both stop texts (src/consent/words.ts); START resumes them in any language.
  'reply.help':
    '{brand}: mensajes sobre su solicitud. Responda SÍ o NO cuando le preguntemos si se resolvió, STOP o ALTO para dejar de recibir mensajes (le escribiremos por correo) y START para volver a recibirlos. ' +
    '{hasContact, select, yes {Para ayuda, comuníquese con {contact}.} other {Para ayuda, llámenos como lo hizo antes.}}',
  'reply.optedOut':
    '{brand}: ya no le enviaremos más mensajes. Responda START para volver a recibirlos.{hasOwner, select, yes { {owner} tiene su mensaje.} other {}}',
  'reply.optedIn': 'Volverá a recibir nuestros mensajes. Responda STOP o ALTO para dejar de recibirlos.',
  'reply.passedOn': 'Gracias, le hicimos llegar su mensaje a {owner}.',
  'reply.noMatch': 'No encontramos ninguna solicitud con este número. Llámenos, por favor, y lo atendemos.',
  'reply.confirmedRated': 'Gracias por confirmarlo y por su calificación.',
  'reply.rated': 'Gracias por su calificación.',
  'reply.manager': 'Gracias, le avisamos a {owner} que pidió hablar con un supervisor.',

  // The customer's pages: the answer page behind the SÍ and NO links (/c/{token}), with the email's words.
  'page.answer.yesTitle': '¿Quedó todo resuelto?',
  'page.answer.yesAsk': 'Nos alegra saberlo. ¿Cómo lo hicimos? (opcional)',
  'page.answer.poor': '(mal)',
  'page.answer.great': '(excelente)',
  'page.answer.yesButton': 'Sí, quedó resuelto',
  'page.answer.noTitle': 'Lamentamos que todavía no esté resuelto',
  'page.answer.noLabel': '¿Qué es lo que todavía no está bien? Un supervisor lo leerá antes de comunicarse con usted.',
  'page.answer.noButton': 'No, todavía no está resuelto',
  'page.answer.alreadyTitle': 'Ya nos respondió',
  'page.answer.already': 'Ya tenemos su respuesta a esta pregunta. Gracias.',
  'page.answer.failedTitle': 'No pudimos guardar su respuesta',
  'page.answer.failed': 'No pudimos guardar su respuesta en este momento. Por favor, inténtelo de nuevo en un minuto.',
  'page.answer.closed': 'Esta pregunta ya está cerrada. Si algo sigue sin resolverse, llámenos y lo retomamos.',
  'page.answer.thanksTitle': 'Gracias',
  'page.answer.thanksYes': 'Gracias por confirmarlo. Nos alegra que esté resuelto.',
  'page.answer.thanksNo': 'Gracias por contárnoslo. Ahora se encarga un supervisor, que se comunicará con usted. No tendrá que explicarlo de nuevo.',
  // The customer's own page (/p/{token}), with the recap's words: Qué, Quién, Plazo.
  'page.customer.title': 'Su llamada de {owner}',
  'page.customer.what': 'Qué',
  'page.customer.who': 'Quién',
  'page.customer.by': 'Plazo',
  'page.customer.due': 'antes de {due}',
  'page.customer.latest': 'Última novedad',
  'page.customer.stands': 'Cómo va',
  'page.customer.status.paused': 'En pausa mientras esperamos algo. Le diremos la nueva hora.',
  'page.customer.status.escalated': 'Ahora se encarga un supervisor, que se comunicará con usted.',
  'page.customer.status.fulfilled': 'Listo.',
  'page.customer.status.confirmed': 'Listo. Usted nos confirmó que quedó resuelto.',
  'page.customer.status.unconfirmed': 'Listo.',
  'page.customer.status.cancelled': 'Se canceló.',
  'page.customer.pickTitle': 'Elija otra hora',
  'page.customer.pickLabel':
    'La hora que mejor le convenga (en su hora local; puede cambiarla {left, plural, =1 {una vez más} =2 {dos veces} other {# veces más}})',
  'page.customer.moveButton': 'Cambiar la hora de mi llamada',
  'page.customer.helpTitle': 'Todavía necesito ayuda',
  'page.customer.helpLabel': 'Cuéntele a {owner} qué necesita (lo leerá antes de llamarle)',
  'page.customer.helpButton': 'Enviar a {owner}',
  'page.customer.moved': 'Listo: {owner} le responderá antes de {due}. Ya sabe que usted pidió el cambio.',
  'page.customer.movedAlready': 'Listo: {owner} le responderá antes de {due}.',
  'page.customer.moveRefused': 'Esa hora ya no se puede elegir. Por favor, elija una de las horas de abajo.',
  'page.customer.cannotMove': 'Ahora no se puede cambiar la hora.',
  'page.customer.helpClosed': 'Esta solicitud ya está cerrada. Si todavía necesita ayuda, responda a nuestro mensaje de texto.',
  'page.customer.helpEmpty': 'Por favor, escriba en pocas palabras qué necesita.',
  'page.customer.helpSent': 'Enviado. {owner} lo leerá antes de comunicarse con usted.',
};
