import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, InjectionToken, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import type { Client } from 'flask-restless-rx';
import type { Person, Schema } from './schema.js';
import { runSave, type SaveProgress } from './save-progress.js';

export const CLIENT = new InjectionToken<Client<Schema>>('flask-restless-rx client');

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AsyncPipe],
  template: `
    <h1>People</h1>
    <ul>
      @for (person of people$ | async; track person.lid) {
        <li data-testid="person">
          <span data-testid="name">{{ person.name }}</span>
          <button (click)="edit(person)">edit</button>
          <button (click)="speak(person)">speak</button>
          <button (click)="remove(person)">delete</button>
        </li>
      }
    </ul>
    <h2>The same list through toSignal</h2>
    <ul>
      @for (person of people(); track person.lid) {
        <li data-testid="signal-name">{{ person.name }}</li>
      }
    </ul>
    @if (editing(); as person) {
      <form data-testid="edit-form" (submit)="save($event, person)">
        <label>Name <input name="name" [value]="name()" (input)="name.set(value($event))" /></label>
        <button type="submit">save</button>
      </form>
    }
    <form data-testid="create-form" (submit)="create($event)">
      <label>New person <input name="new-name" [value]="newName()" (input)="newName.set(value($event))" /></label>
      <button type="submit">create</button>
    </form>
    @if (progress(); as p) {
      <p data-testid="progress">{{ p.state === 'saving' ? 'saving ' + p.done + '/' + p.total : p.state }}</p>
    }
    @if (spoken()) {
      <p data-testid="spoken">{{ spoken() }}</p>
    }
    @if (problem()) {
      <p data-testid="problem" role="alert">{{ problem() }}</p>
    }
  `,
})
export class AppComponent {
  readonly #client = inject(CLIENT);
  readonly #people = this.#client.models.Person;
  /** A live list for the async pipe (OnPush: the pipe marks the view on each emission). */
  readonly people$ = this.#people.query.orderBy({ id: 'asc' }).all();
  /** The same live list as a signal (zoneless). */
  readonly people = toSignal(this.#people.query.orderBy({ id: 'asc' }).all(), { initialValue: [] });

  readonly editing = signal<Person | null>(null);
  readonly name = signal('');
  readonly newName = signal('');
  readonly progress = signal<SaveProgress | null>(null);
  readonly spoken = signal('');
  readonly problem = signal('');

  value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  edit(person: Person): void {
    this.editing.set(person);
    this.name.set(person.name ?? '');
  }

  async save(event: Event, person: Person): Promise<void> {
    event.preventDefault();
    person.name = this.name();
    await this.#attempt(() => runSave(person.save(), (p) => this.progress.set(p)));
    this.editing.set(null);
  }

  async create(event: Event): Promise<void> {
    event.preventDefault();
    this.#people.create({ name: this.newName() });
    this.newName.set('');
    await this.#attempt(() => runSave(this.#client.save(), (p) => this.progress.set(p)));
  }

  async remove(person: Person): Promise<void> {
    await this.#attempt(() => lastValueFrom(person.delete(), { defaultValue: undefined }));
  }

  async speak(person: Person): Promise<void> {
    await this.#attempt(async () => this.spoken.set(await firstValueFrom(person.speak('hello'))));
  }

  async #attempt(action: () => Promise<unknown>): Promise<void> {
    this.problem.set('');
    try {
      await action();
    } catch (error) {
      this.problem.set(error instanceof Error ? error.message : String(error));
    }
  }
}
