/** What a page shows when the API refused it: not yours (403), or not there (404). */
import { useEffect } from 'preact/hooks';

export function Refused(props: { status: number; detail: string }) {
  const title = props.status === 403 ? 'Not yours to see' : props.status === 404 ? 'Not found' : 'Something went wrong';
  useEffect(() => {
    document.title = `${title} · Followthrough`;
  }, [title]);
  return (
    <section class="narrow">
      <h1 tabIndex={-1}>{title}</h1>
      <p>{props.detail}</p>
      <p>
        <a href="/">Go to the console</a>
      </p>
    </section>
  );
}
