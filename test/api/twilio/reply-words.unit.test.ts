import { describe, expect, it } from 'vitest';
import { readReply } from '../../../src/api/twilio/reply-words';

describe('reading a customer’s reply', () => {
  it.each([
    ['no problem', 'no problem, thanks'],
    ['no worries', 'No worries!'],
    ['no thanks', 'no thanks'],
    ['no thank you', 'No thank you, all fine'],
    ['not yet sure', 'not yet sure'],
    ['not sure', "I'm not sure"],
    ['a correction', 'nope I meant the other charge'],
    ['a correction, curly apostrophe', 'No wait, I’m checking'],
    ['a short question', 'no?'],
    ['thanks alone', 'Thanks!'],
    ['ok', 'ok'],
    ['a yes taken back', 'yes but I was charged again'],
    ['a yes with a negation', "yes, it isn't showing yet"],
  ])('does not read %s as an answer ("%s")', (_, text) => {
    expect(readReply(text)).toEqual({ kind: 'other' });
  });

  it.each([
    ['No', {}],
    ['n', {}],
    ['nope, still charged twice', { words: 'still charged twice' }],
    ['Not yet, the bank shows nothing', { words: 'the bank shows nothing' }],
    ['No, why was I charged again?', { words: 'why was I charged again?' }],
    ['No. I want to speak to a manager', { words: 'I want to speak to a manager' }],
  ])('reads "%s" as NO, keeping the words for the supervisor', (text, rest) => {
    expect(readReply(text)).toEqual({ kind: 'no', ...rest });
  });

  it.each([
    ['yes', {}],
    ['Y', {}],
    ['Yep!', {}],
    ['yesss', {}],
    ['resolved, thank you', { comment: 'thank you' }],
    ['yes, thanks, great job 5', { rating: 5, comment: 'thanks, great job' }],
    ['Yes 5/5 amazing', { rating: 5, comment: 'amazing' }],
    ['yes - 4 out of 5, quick work', { rating: 4, comment: 'quick work' }],
    ['yes it took 2 days', { comment: 'it took 2 days' }],
    ['Yes, $5 refunded', { comment: '$5 refunded' }],
  ])('reads "%s" as YES with its rating and comment', (text, rest) => {
    expect(readReply(text)).toEqual({ kind: 'yes', ...rest });
  });

  it.each([
    ['4', 4],
    ['5/5', 5],
    ['3 stars', 3],
    ['1.', 1],
  ])('reads "%s" alone as a rating', (text, rating) => {
    expect(readReply(text)).toEqual({ kind: 'rating', rating });
  });

  it.each([
    'can I speak to your manager',
    'I want a supervisor',
    'someone in charge',
    'Manager please',
    'Is there a supervisor I can talk to?',
    'yes, but I would like to talk to your boss',
  ])('reads "%s" as a request for a manager', (text) => {
    expect(readReply(text)).toEqual({ kind: 'manager' });
  });

  it('does not read a mention of someone’s manager as a request for ours', () => {
    expect(readReply('My manager said to check the invoice')).toEqual({ kind: 'other' });
  });

  it('does not read 6 or 10 as a rating', () => {
    expect(readReply('6')).toEqual({ kind: 'other' });
    expect(readReply('yes 10')).toEqual({ kind: 'yes', comment: '10' });
  });
});
