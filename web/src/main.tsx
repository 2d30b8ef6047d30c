/**
 * Entry point of the labelling web app that `owseg serve` ships at `/`.
 */
import { render } from 'preact';
import { App } from './app.js';
import './style.css';

render(<App />, document.getElementById('app')!);
