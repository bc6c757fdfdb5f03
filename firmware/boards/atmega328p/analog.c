/* Analog inputs A0..A5 (ADC channels 0..5, AVcc reference, as analogRead() does on the Arduino
 * core) and the user LED on PB5 (the Uno's and Nano's pin 13, LED_BUILTIN). See board.h. */
#include <avr/io.h>

#include "board.h"

void board_analog_init(void) {
  ADMUX = _BV(REFS0);                                 /* AVcc, right-adjusted */
  ADCSRA = _BV(ADEN) | _BV(ADPS2) | _BV(ADPS1) | _BV(ADPS0);  /* 16 MHz / 128 = 125 kHz */
  DDRB |= _BV(DDB5);
  PORTB &= (uint8_t)~_BV(PORTB5);
}

uint16_t board_analog_read(uint8_t channel) {
  if (channel >= BOARD_ANALOG_INPUTS) return 0;
  ADMUX = (uint8_t)(_BV(REFS0) | channel);
  ADCSRA |= _BV(ADSC);
  while (ADCSRA & _BV(ADSC)) {
  }
  return ADC;
}

void board_led_set(int on) {
  if (on)
    PORTB |= _BV(PORTB5);
  else
    PORTB &= (uint8_t)~_BV(PORTB5);
}
