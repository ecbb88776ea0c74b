/**
 * Klarna's order object in Klarna's own field names (Payments v1 sessions and orders, Order Management
 * order lines). Amounts are integers in minor units; rates in basis points (2500 = 25 %).
 */

export type OrderLineType =
  | 'physical'
  | 'digital'
  | 'discount'
  | 'shipping_fee'
  | 'sales_tax'
  | 'gift_card'
  | 'store_credit'
  | 'surcharge';

export interface OrderLine {
  type?: OrderLineType;
  reference?: string;
  name: string;
  quantity: number;
  quantity_unit?: string;
  unit_price: number;
  tax_rate?: number;
  total_amount: number;
  total_discount_amount?: number;
  total_tax_amount?: number;
  merchant_data?: string;
  product_url?: string;
  image_url?: string;
  product_identifiers?: {
    brand?: string;
    category_path?: string;
    global_trade_item_number?: string;
    manufacturer_part_number?: string;
    color?: string;
    size?: string;
  };
  subscription?: { name: string; interval: 'DAY' | 'WEEK' | 'MONTH' | 'YEAR'; interval_count: number };
}

export interface Address {
  given_name?: string;
  family_name?: string;
  email?: string;
  title?: string;
  street_address?: string;
  street_address2?: string;
  postal_code?: string;
  city?: string;
  region?: string;
  phone?: string;
  country?: string;
  organization_name?: string;
  attention?: string;
}

export interface MerchantUrls {
  confirmation?: string;
  notification?: string;
  push?: string;
  authorization?: string;
}

export interface Customer {
  date_of_birth?: string;
  gender?: string;
  title?: string;
  type?: 'person' | 'organization';
  national_identification_number?: string;
  organization_registration_id?: string;
}

/** The order body sent to create/update a session and to place an order. */
export interface KlarnaOrder {
  purchase_country: string;
  purchase_currency: string;
  locale: string;
  order_amount: number;
  order_tax_amount?: number;
  order_lines: OrderLine[];
  intent?: 'buy' | 'tokenize' | 'buy_and_tokenize';
  merchant_urls?: MerchantUrls;
  merchant_reference1?: string;
  merchant_reference2?: string;
  merchant_data?: string;
  billing_address?: Address;
  shipping_address?: Address;
  customer?: Customer;
  auto_capture?: boolean;
  [field: string]: unknown;
}
